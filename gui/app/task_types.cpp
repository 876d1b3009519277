#include "task_types.hpp"

#include <array>
#include <map>

namespace pelsim::gui {

std::string task_type_of(std::string_view name) {
  return models::task_type_from_name(name);
}

TaskTypes TaskTypes::of(const models::TaskGraph& graph) {
  TaskTypes t;
  t.of_task.resize(graph.task_count());
  std::map<std::string, std::uint16_t> index;
  for (models::TaskId task = 0; task < graph.task_count(); ++task) {
    // The type the source gave (DOT `type`, WfCommons category, DAX job name), else the
    // name's rule.
    const auto [it, added] =
        index.emplace(graph.task_type(task) != 0 ? std::string(graph.task_type_name_of(task))
                                                 : task_type_of(graph.name(task)),
                      static_cast<std::uint16_t>(t.names.size()));
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
