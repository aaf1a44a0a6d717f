#include "twin/jobs/fair_scheduler.hpp"

namespace twin::jobs {

void FairScheduler::push(const std::string& id, int priority, const std::string& owner) {
  if (!waiting_.insert(id).second) return;
  Level& level = levels_[priority];
  auto& jobs = level.by_owner[owner];
  if (jobs.empty()) level.turns.push_back(owner);
  jobs.push_back(id);
}

bool FairScheduler::erase(const std::string& id) { return waiting_.erase(id) > 0; }

std::optional<std::string> FairScheduler::pop() {
  while (!levels_.empty()) {
    Level& level = levels_.begin()->second;
    while (!level.turns.empty()) {
      const std::string owner = std::move(level.turns.front());
      level.turns.pop_front();
      auto found = level.by_owner.find(owner);
      auto& jobs = found->second;
      while (!jobs.empty() && !waiting_.count(jobs.front())) jobs.pop_front();  // erased ones
      if (jobs.empty()) {
        level.by_owner.erase(found);
        continue;
      }
      std::string id = std::move(jobs.front());
      jobs.pop_front();
      if (jobs.empty())
        level.by_owner.erase(found);
      else
        level.turns.push_back(owner);
      waiting_.erase(id);
      return id;
    }
    levels_.erase(levels_.begin());
  }
  return std::nullopt;
}

}  // namespace twin::jobs
