#include "task_types.hpp"

#include <array>
#include <cctype>
#include <map>

namespace pelsim::gui {

std::string task_type_of(std::string_view name) {
  std::size_t end = name.size();
  while (end > 0 && (std::isdigit(static_cast<unsigned char>(name[end - 1])) ||
                     name[end - 1] == '_' || name[end - 1] == '-' || name[end - 1] == '.' ||
                     name[end - 1] == ':'))
    --end;
  if (end == 0) return "task";
  if (end >= 3 && name.substr(end - 2, 2) == "ID" && name[end - 3] == '_') end -= 3;
  return std::string(name.substr(0, end));
}

TaskTypes TaskTypes::of(const models::TaskGraph& graph) {
  TaskTypes t;
  t.of_task.resize(graph.task_count());
  std::map<std::string, std::uint16_t> index;
  for (models::TaskId task = 0; task < graph.task_count(); ++task) {
    const auto [it, added] =
        index.emplace(task_type_of(graph.name(task)), static_cast<std::uint16_t>(t.names.size()));
    if (added) t.names.push_back(QString::fromStdString(it->first));
    t.of_task[task] = it->second;
  }
  return t;
}

QColor task_type_color(std::size_t type) {
  static constexpr std::array<QRgb, 10> kColors{0x4E79A7, 0xF28E2B, 0x59A14F, 0xE15759, 0x76B7B2,
                                                0xEDC948, 0xB07AA1, 0xFF9DA7, 0x9C755F, 0xBAB0AC};
  return QColor::fromRgb(kColors[type % kColors.size()]);
}

}  // namespace pelsim::gui
