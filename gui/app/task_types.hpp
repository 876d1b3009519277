// Task "types" for colouring: a task's name without its trailing number.
#pragma once

#include <QtGui/QColor>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <QtCore/QString>

#include "pelsim/models/task_graph.hpp"

namespace pelsim::gui {

/// The type of a task named `name`: the name without trailing digits and separators, and
/// without a WfCommons "_ID" suffix ("individuals_ID0000042" -> "individuals", "t17" -> "t");
/// models::task_type_from_name, the rule the WfCommons reader uses too.
std::string task_type_of(std::string_view name);

/// Every task's type index, and the type names in order of first appearance: the graph's
/// task type when the task has one, else task_type_of(its name).
struct TaskTypes {
  std::vector<std::uint16_t> of_task;
  std::vector<QString> names;
  static TaskTypes of(const models::TaskGraph& graph);
};

/// A stable colour per type index (a fixed 10-colour palette).
QColor task_type_color(std::size_t type);

}  // namespace pelsim::gui
