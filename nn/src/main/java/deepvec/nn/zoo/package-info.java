/**
 * Ready-made architectures: the feed-forward, convolutional, recurrent and language-model
 * networks that the command line trains and the README reports.
 */
package deepvec.nn.zoo;
