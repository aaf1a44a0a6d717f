#pragma once
// Dry deposition velocity vd = 1/(Ra + Rb + Rc) (OPS ops_resist_rek; van Jaarsveld 2004,
// section 5.2) with effective long-term canopy resistances Rc per DEPAC land-use class,
// derived from OPS's DEPAC parameters as docs/models/nitrogen.md explains.
#include <optional>

#include "twin/data/standard_names.hpp"

namespace twin::solvers::nitrogen {

enum class Gas { nh3, no2 };

// Ra(z) = (ln(z/z0) - psi_h(z/L) + psi_h(z0/L)) / (k u*), k = 0.4, with psi_h of
// Businger-Dyer: unstable 2 ln((1 + sqrt(1 - 16 z/L))/2), stable -5 z/L [s/m].
double aerodynamic_resistance(double z, double z0, double ustar, double obukhov_length);

// Molecular diffusivity of the gas in air [m2/s] (DEPAC: NH3 0.21e-4, NO2 0.13e-4).
double gas_diffusivity(Gas gas);

// Rb = 2/(k u*) (Sc/Pr)^(2/3), Sc = nu/D with nu = 1.5e-5 m2/s, Pr = 0.72 and DEPAC's
// diffusion coefficients (NH3 0.21e-4, NO2 0.13e-4 m2/s) [s/m].
double boundary_layer_resistance(Gas gas, double ustar);

// Effective annual canopy resistance Rc [s/m] for a land-use class; nullopt for class 0 or
// an unknown class. NH3 values ignore the compensation point (see the model notes).
std::optional<double> effective_rc(Gas gas, data::names::LandUse land_use);

// vd = 1/(Ra + Rb + Rc) [m/s].
double deposition_velocity(double ra, double rb, double rc);

}  // namespace twin::solvers::nitrogen
