package deepvec.nn.text;

import java.util.List;

/**
 * Documents of text split three ways, for fitting, model selection and the reported figure.
 *
 * @param training the documents to fit on
 * @param validation the documents to choose settings and stop on
 * @param test the documents of the reported figures
 */
public record Corpus(List<String> training, List<String> validation, List<String> test) {

    public Corpus {
        training = List.copyOf(training);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
    }
}
