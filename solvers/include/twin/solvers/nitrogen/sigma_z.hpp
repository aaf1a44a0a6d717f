#pragma once
// Vertical dispersion length sigma_z of the OPS long-term model for point sources
// (OPS ops_conlt_par_puntbr; van Jaarsveld 2004, section 3.2.1): sigma_z = dispg x^disph
// per stability class, widened by the buoyancy-induced spread of a hot plume (OML model,
// Berkowicz and Olesen 1986) and by an initial spread sigma_z0.
namespace twin::solvers::nitrogen {

// The six OPS stability / mixing-height classes, in OPS order.
enum class StabilityClass { U1 = 0, U2, N1, N2, S1, S2 };
inline constexpr int stability_classes = 6;

// Exponent disph of sigma_z = dispg x^disph per class (OPS DISPH: .82 .82 .76 .76 .67 .76).
double disph(StabilityClass cls);

struct SigmaZInput {
  StabilityClass cls = StabilityClass::N1;
  double dispg = 0;          // coefficient of sigma_z = dispg x^disph (from the class's meteo) [m^(1-disph)]
  double x = 0;              // travel distance [m]
  double heat_mw = 0;        // heat content; 0 = no buoyancy spread [MW]
  double plume_height = 0;   // stack height + plume rise [m]
  double stack_height = 0;   // stack height [m]
  double sigma_z0 = 0;       // initial vertical spread [m]
};

// sigma_z [m]: s = dispg x^disph; for a hot plume a = min(s, (h_plume - h_stack)/sqrt(2 pi))/1.5
// is added in quadrature, as is sigma_z0.
double sigma_z_point(const SigmaZInput& in);

// Textbook cross-check only (not OPS): Briggs (1973) open-country dispersion lengths for
// Pasquill class D, sigma_y = 0.08 x (1 + 0.0001 x)^-1/2, sigma_z = 0.06 x (1 + 0.0015 x)^-1/2
// (as tabulated in Hanna, Briggs and Hosker 1982) [m].
double briggs_rural_d_sigma_y(double x);
double briggs_rural_d_sigma_z(double x);

}  // namespace twin::solvers::nitrogen
