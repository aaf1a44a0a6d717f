#include "redis_reply.hpp"

#include <hiredis/hiredis.h>

namespace twin::jobs::redis {
namespace {

Value copy(const redisReply* reply) {
  Value value;
  if (!reply) return value;
  switch (reply->type) {
    case REDIS_REPLY_STRING:
      value.type = Value::Type::string;
      value.text.assign(reply->str, reply->len);
      break;
    case REDIS_REPLY_STATUS:
      value.type = Value::Type::status;
      value.text.assign(reply->str, reply->len);
      break;
    case REDIS_REPLY_ERROR:
      value.type = Value::Type::error;
      value.text.assign(reply->str, reply->len);
      break;
    case REDIS_REPLY_INTEGER:
      value.type = Value::Type::integer;
      value.integer = reply->integer;
      break;
    case REDIS_REPLY_ARRAY:
      value.type = Value::Type::array;
      value.elements.reserve(reply->elements);
      for (std::size_t i = 0; i < reply->elements; ++i)
        value.elements.push_back(copy(reply->element[i]));
      break;
    default:
      break;  // nil
  }
  return value;
}

}  // namespace

ArgumentVector::ArgumentVector(const std::vector<std::string>& args) {
  pointers_.reserve(args.size());
  lengths_.reserve(args.size());
  for (const auto& arg : args) {
    pointers_.push_back(arg.data());
    lengths_.push_back(arg.size());
  }
}

Value take_reply(void* reply) {
  Value value = copy(static_cast<const redisReply*>(reply));
  freeReplyObject(reply);
  return value;
}

}  // namespace twin::jobs::redis
