#pragma once
// Gaussian plume concentrations of the OPS long-term model: the crosswind-integrated
// concentration with reflections at the ground and at the mixing height (OPS gauss_cwi), and
// the sector average over one of the 12 wind sectors (OPS ops_conlt_gauss_zrcp; van Jaarsveld,
// The Operational Priority Substances model, RIVM 2004, eqs. 3.7-3.9, 3.15).
namespace twin::solvers::nitrogen {

// Number of wind sectors of the OPS climatology; a sector is 30 degrees wide.
inline constexpr int wind_sectors = 12;

struct CwiInput {
  double q = 0;       // source strength [g/s]
  double h = 0;       // plume height (stack + rise) [m]
  double x = 0;       // travel distance [m]
  double z = 0;       // receptor height [m]
  double u = 0;       // wind speed [m/s]
  double sigma_z = 0; // vertical dispersion length [m]
  double zi = 0;      // mixing height [m]
};

// Crosswind-integrated concentration [g/m2] of a gas (no settling), as OPS gauss_cwi: the
// source and its images for reflections at the ground and the mixing height (3 image pairs);
// well mixed (q/(zi u)) once sigma_z >= 1.6 zi; zero for a receptor above the mixing height.
double crosswind_integrated(const CwiInput& in);

// Well-mixed sector-averaged ground-level concentration [ug/m3] (OPS report eq. 3.9):
// C = q NSEK 1e6 / (2 pi (x + virty) u zi).
double sector_average_well_mixed(double q, double x, double u, double zi, double virty = 0);

// Sector-averaged ground-level concentration [ug/m3] near the source (OPS report eq. 3.15):
// C = q NSEK 1e6 / (pi sqrt(2 pi)) exp(-h^2/(2 sigma_z^2)) cls / (u (x + virty) sigma_z).
// `cls` = 1 + reflection terms; use mixing_height_reflection() for intermediate distances.
double sector_average_gaussian(double q, double h, double x, double u, double sigma_z, double cls = 1,
                               double virty = 0);

// cls = 1 + a + b of OPS's intermediate-distance regime for a gas (no plume descent): the
// images at 2 zi + h (ground-mixing height-ground) and 2 zi - h (mixing height-ground),
// relative to the direct term.
double mixing_height_reflection(double h, double sigma_z, double zi);

// Textbook point-source plume (not OPS): ground-level centreline concentration [ug/m3]
// C = q 1e6 / (pi sigma_y sigma_z u) exp(-h^2/(2 sigma_z^2)) with total ground reflection.
double centreline_ground(double q, double h, double u, double sigma_y, double sigma_z);

}  // namespace twin::solvers::nitrogen
