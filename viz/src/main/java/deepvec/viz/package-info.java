/**
 * Plots people look at, as PNG: training curves, confusion matrices and image grids (filters,
 * samples).
 */
package deepvec.viz;
