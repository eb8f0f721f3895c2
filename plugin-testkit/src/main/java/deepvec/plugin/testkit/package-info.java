/**
 * JUnit contracts for plugin providers: extend {@link deepvec.plugin.testkit.LayerProviderContract}
 * for a layer, {@link deepvec.plugin.testkit.SamplerProviderContract} for a sampler, and supply
 * the provider and a few configurations; every check runs on real computation.
 */
package deepvec.plugin.testkit;
