/**
 * Training: the {@link deepvec.nn.train.Trainer} loop for any {@link deepvec.nn.train.Objective},
 * evaluation, early stopping, checkpoints per epoch, metrics to CSV, and listeners for progress
 * and logging. A run whose loss becomes NaN or infinite stops with
 * {@link deepvec.nn.train.TrainingDivergedException}.
 */
package deepvec.nn.train;
