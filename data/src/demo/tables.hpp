#pragma once
// The demo scenario's feature tables, written from the plan in world coordinates.
#include "demo/plan.hpp"
#include "twin/data/feature_table.hpp"

namespace twin::data::demo {

FeatureTable make_roads_table(const Plan& plan, Vec origin);
FeatureTable make_sources_table(const Plan& plan, Vec origin);

}  // namespace twin::data::demo
