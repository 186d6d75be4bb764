// SPDX-License-Identifier: Apache-2.0
#include "inspect/torch_openmp.hpp"

#include <nlohmann/json.hpp>

#include "core/embedded_data.hpp"
#include "core/error.hpp"

namespace kb::inspect {

TorchOpenmpTable parse_torch_openmp(std::string_view json_text) {
  nlohmann::json j = nlohmann::json::parse(json_text, nullptr, false);
  if (j.is_discarded() || !j.contains("runtimes") || !j["runtimes"].is_array())
    throw Error(ErrorKind::bad_input, "torch_openmp.json: expected an object with a \"runtimes\" array");
  TorchOpenmpTable out;
  for (const auto& r : j["runtimes"]) {
    if (!r.contains("cpu") || !r.contains("torch") || !r.contains("file"))
      throw Error(ErrorKind::bad_input, "torch_openmp.json: each runtime needs cpu, torch and file");
    std::string file = r["file"].get<std::string>();
    out[r["cpu"].get<std::string>() + " " + r["torch"].get<std::string>()] = file.substr(file.rfind('/') + 1);
  }
  return out;
}

const TorchOpenmpTable& torch_openmp_runtimes() {
  static const TorchOpenmpTable t = parse_torch_openmp(embedded_data("torch_openmp.json"));
  return t;
}

}  // namespace kb::inspect
