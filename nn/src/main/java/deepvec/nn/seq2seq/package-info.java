/**
 * Sequence to sequence (Deep Learning sections 10.4 and 12.4.5): the encoder-decoder with
 * teacher forcing, additive attention, greedy and beam-search decoding, and the synthetic digit
 * tasks it is measured on.
 */
package deepvec.nn.seq2seq;
