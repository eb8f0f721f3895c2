/**
 * Data sets and batches: IDX files (Fashion-MNIST), in-memory and streaming data sets, seeded
 * shuffling, augmentation and curricula, and the {@link deepvec.nn.data.DataLoader} that turns
 * them into batches.
 */
package deepvec.nn.data;
