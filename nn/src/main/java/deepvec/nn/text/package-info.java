/**
 * Text and language models (Deep Learning section 12.4): tokenizers and vocabularies, corpora
 * such as the Debian fortunes, n-gram models with smoothing and back-off, and sampling from a
 * trained model.
 */
package deepvec.nn.text;
