-- Steward schema 27: the service catalogue (issue #15).  A catalogue item
-- belongs to a service and a category, says who may order it (group
-- names joined with a newline; none: everyone), its approval policy and
-- its bundle's members (item names joined with a newline).  Its form is
-- kept in versions: changing the variables adds a version's rows and moves
-- form_version, and the rows of older versions stay for the requests
-- raised with them.  Its fulfilment plan is a list of tasks, each naming
-- the tasks it depends on by key.
CREATE TABLE catalog_items (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  service_id INTEGER REFERENCES services(id),
  category TEXT,
  short_description TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  icon TEXT,
  price TEXT,
  order_groups TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  delivery_days INTEGER NOT NULL DEFAULT 0,
  approval_policy TEXT,
  form_version INTEGER NOT NULL DEFAULT 1,
  bundle TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX catalog_items_category ON catalog_items(category, name);
-- options: joined with a newline
CREATE TABLE catalog_variables (
  item_id INTEGER NOT NULL REFERENCES catalog_items(id),
  version INTEGER NOT NULL,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  label TEXT NOT NULL,
  required INTEGER NOT NULL DEFAULT 0,
  default_value TEXT,
  help TEXT,
  pattern TEXT,
  has_min INTEGER NOT NULL DEFAULT 0,
  min_value INTEGER NOT NULL DEFAULT 0,
  has_max INTEGER NOT NULL DEFAULT 0,
  max_value INTEGER NOT NULL DEFAULT 0,
  options TEXT NOT NULL DEFAULT '',
  ci_class TEXT,
  when_effect TEXT NOT NULL DEFAULT 'none',
  when_variable TEXT,
  when_value TEXT,
  PRIMARY KEY (item_id, version, position)
);
-- variables and depends_on: names and task keys joined with a newline
CREATE TABLE catalog_tasks (
  item_id INTEGER NOT NULL REFERENCES catalog_items(id),
  position INTEGER NOT NULL,
  task_key TEXT NOT NULL,
  title TEXT NOT NULL,
  group_id INTEGER REFERENCES groups_(id),
  instructions TEXT,
  variables TEXT NOT NULL DEFAULT '',
  depends_on TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (item_id, position)
);
-- Service requests (kind 'request') and their fulfilment tasks (kind
-- 'task') are tickets; what they add lives beside them.  A request keeps
-- the item it orders, the form version it was raised with, who ordered
-- it (the ticket's requester is whom it is for) and the approval policy
-- the item named then; its answers are one row per variable.  A task
-- keeps its request, the item whose plan it comes from, its key in that
-- plan, the keys it waits for, the variables it shows and its
-- instructions.
CREATE TABLE request_items (
  request_id INTEGER PRIMARY KEY REFERENCES tickets(id),
  item_id INTEGER NOT NULL REFERENCES catalog_items(id),
  form_version INTEGER NOT NULL,
  requested_by INTEGER NOT NULL REFERENCES users(id),
  approval_policy TEXT
);
CREATE INDEX request_items_item ON request_items(item_id);
CREATE TABLE request_answers (
  request_id INTEGER NOT NULL REFERENCES tickets(id),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  label TEXT NOT NULL,
  type TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (request_id, position)
);
CREATE TABLE request_tasks (
  task_id INTEGER PRIMARY KEY REFERENCES tickets(id),
  request_id INTEGER NOT NULL REFERENCES tickets(id),
  item_id INTEGER NOT NULL REFERENCES catalog_items(id),
  task_key TEXT NOT NULL,
  depends_on TEXT NOT NULL DEFAULT '',
  variables TEXT NOT NULL DEFAULT '',
  instructions TEXT
);
CREATE INDEX request_tasks_request ON request_tasks(request_id);
