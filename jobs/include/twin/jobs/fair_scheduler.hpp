#pragma once
// The order in which waiting jobs are handed out: highest priority first; within a priority,
// round robin over the owners that have waiting jobs (so one owner's batch of a thousand jobs
// does not starve another owner's single job); first in, first out within an owner.
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace twin::jobs {

class FairScheduler {
 public:
  // Adds a waiting job; an owner new to the priority takes the last turn. An id is pushed
  // at most once.
  void push(const std::string& id, int priority, const std::string& owner);
  // Removes a waiting job (dismissed before it ran); false when it is not waiting. O(1): the
  // id is skipped when its turn comes.
  bool erase(const std::string& id);
  // The next job to run, removed from the waiting set; nullopt when none waits.
  std::optional<std::string> pop();

  std::size_t size() const { return waiting_.size(); }
  bool contains(const std::string& id) const { return waiting_.count(id) > 0; }

 private:
  struct Level {
    std::deque<std::string> turns;  // owners with waiting jobs, next turn first
    std::unordered_map<std::string, std::deque<std::string>> by_owner;
  };
  std::map<int, Level, std::greater<>> levels_;
  std::unordered_set<std::string> waiting_;
};

}  // namespace twin::jobs
