package deepvec.cli;

import deepvec.nn.autograd.Variable;
import deepvec.nn.optim.AdaDelta;
import deepvec.nn.optim.AdaGrad;
import deepvec.nn.optim.Adam;
import deepvec.nn.optim.Optimizer;
import deepvec.nn.optim.RmsProp;
import deepvec.nn.optim.Sgd;
import java.util.Map;

/** The optimisers of chapter 8 by command-line name, with the book's default hyperparameters. */
enum OptimizerChoice {
    SGD, MOMENTUM, NESTEROV, ADAGRAD, RMSPROP, ADAM, ADADELTA;

    Optimizer create(Map<String, Variable> parameters, float learningRate) {
        return switch (this) {
            case SGD -> new Sgd(parameters, learningRate);
            case MOMENTUM -> new Sgd(parameters, learningRate, 0.9f, false);
            case NESTEROV -> new Sgd(parameters, learningRate, 0.9f, true);
            case ADAGRAD -> new AdaGrad(parameters, learningRate, 1e-7f);
            case RMSPROP -> new RmsProp(parameters, learningRate, 0.9f, 1e-6f);
            case ADAM -> new Adam(parameters, learningRate);
            case ADADELTA -> new AdaDelta(parameters, learningRate, 0.95f, 1e-6f);
        };
    }
}
