#pragma once
// Job and scenario ids: random, URL-safe, and checked before any use, so that no request can
// name a file path through an id.
#include <string>
#include <string_view>

namespace twin::jobs {

// 128 random bits (from the OS) as 26 lowercase base32 characters.
std::string new_id();
// True for exactly the ids new_id() can produce: 26 characters of [a-z2-7].
bool is_valid_id(std::string_view id);

}  // namespace twin::jobs
