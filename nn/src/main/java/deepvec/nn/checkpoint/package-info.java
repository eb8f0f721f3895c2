/**
 * Checkpoints: a model's architecture, parameters, optimiser state and training position in one
 * safetensors file, written atomically and read strictly (a truncated or corrupt file raises
 * {@link deepvec.nn.checkpoint.CorruptCheckpointException}, a file for another model
 * {@link deepvec.nn.checkpoint.ArchitectureMismatchException}).
 */
package deepvec.nn.checkpoint;
