#pragma once
// Result layers as files: each format is made on first request from the job's result.h5,
// cached under jobs/<id>/export/ (written by rename, so concurrent requests are safe) and
// streamed by the transport.
#include <string>
#include <string_view>
#include <vector>

#include "api_context.hpp"

namespace twin::server::api {

struct ResultFormat {
  std::string_view name;  // the ?f= value
  std::string_view extension;
  std::string_view media_type;
};

const std::vector<ResultFormat>& result_formats();
const ResultFormat& result_format(std::string_view name);  // ApiError(400) when unknown

HttpResponse layer_response(const Services& services, const jobs::Job& job, const std::string& layer,
                            const std::string& format);
HttpResponse legend_response(const Services& services, const jobs::Job& job, const std::string& layer);
// GET .../value?x=&y= : the layer's value in the cell containing (x, y), in the grid's CRS.
HttpResponse point_value_response(const Services& services, const Request& request, const std::string& job_id,
                                  const std::string& layer);
// Removes a job's result and exports (DELETE of a finished job).
void remove_job_files(const jobs::DataDir& dir, const std::string& job_id);

}  // namespace twin::server::api
