/**
 * The samplers of the HMC plugin and their providers: {@link deepvec.plugin.samplers.hmc.HamiltonianMonteCarlo}
 * (type {@code hmc}) and {@link deepvec.plugin.samplers.hmc.SliceSampler} (type {@code slice}).
 */
package deepvec.plugin.samplers.hmc;
