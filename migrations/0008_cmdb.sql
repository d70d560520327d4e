-- Steward schema 8: the service portfolio and the CMDB.  Business
-- objectives; services with the objectives they serve and what they
-- depend on (other services, CIs); CI classes in a hierarchy with typed
-- attribute definitions (inherited by subclasses); CIs with their
-- attribute values; typed, directed relationships between CIs.
CREATE TABLE objectives (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  owner_id INTEGER REFERENCES users(id),
  measure TEXT NOT NULL DEFAULT '',
  target TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE services (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('business', 'technical')),
  status TEXT NOT NULL CHECK (status IN ('pipeline', 'live', 'retired')),
  owner_id INTEGER REFERENCES users(id),
  group_id INTEGER REFERENCES groups_(id),
  criticality INTEGER NOT NULL CHECK (criticality BETWEEN 1 AND 4),
  description TEXT NOT NULL DEFAULT '',
  annual_cost INTEGER,
  cost_centre TEXT,
  risk TEXT CHECK (risk IN ('low', 'medium', 'high', 'critical')),
  risk_notes TEXT NOT NULL DEFAULT '',
  availability_target INTEGER,
  sla_policy_id INTEGER REFERENCES sla_policies(id),
  links TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX services_status ON services(status, name);
CREATE TABLE service_objectives (
  service_id INTEGER NOT NULL REFERENCES services(id),
  objective_id INTEGER NOT NULL REFERENCES objectives(id),
  PRIMARY KEY (service_id, objective_id)
);
CREATE INDEX service_objectives_objective ON service_objectives(objective_id);
CREATE TABLE service_dependencies (
  service_id INTEGER NOT NULL REFERENCES services(id),
  depends_on_id INTEGER NOT NULL REFERENCES services(id),
  PRIMARY KEY (service_id, depends_on_id),
  CHECK (service_id <> depends_on_id)
);
CREATE INDEX service_dependencies_on ON service_dependencies(depends_on_id);
CREATE TABLE ci_classes (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  parent_id INTEGER REFERENCES ci_classes(id),
  description TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE ci_class_attributes (
  class_id INTEGER NOT NULL REFERENCES ci_classes(id),
  name TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('string', 'int', 'bool', 'date', 'enum', 'reference')),
  required INTEGER NOT NULL DEFAULT 0,
  unique_ INTEGER NOT NULL DEFAULT 0,
  choices TEXT NOT NULL DEFAULT '',
  ref_class_id INTEGER REFERENCES ci_classes(id),
  position INTEGER NOT NULL,
  PRIMARY KEY (class_id, name)
);
CREATE TABLE cis (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  class_id INTEGER NOT NULL REFERENCES ci_classes(id),
  status TEXT NOT NULL CHECK (status IN ('planned', 'in_service', 'maintenance', 'retired')),
  environment TEXT NOT NULL DEFAULT '',
  owner_id INTEGER REFERENCES users(id),
  group_id INTEGER REFERENCES groups_(id),
  location TEXT NOT NULL DEFAULT '',
  external_id TEXT UNIQUE,
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX cis_class ON cis(class_id, name, id);
CREATE INDEX cis_name ON cis(name, id);
CREATE TABLE ci_attributes (
  ci_id INTEGER NOT NULL REFERENCES cis(id),
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (ci_id, name)
);
-- values of attributes declared unique, per declaring class
CREATE TABLE ci_unique_values (
  class_id INTEGER NOT NULL REFERENCES ci_classes(id),
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  ci_id INTEGER NOT NULL REFERENCES cis(id),
  PRIMARY KEY (class_id, name, value)
);
CREATE INDEX ci_unique_values_ci ON ci_unique_values(ci_id);
CREATE TABLE ci_relations (
  id INTEGER PRIMARY KEY,
  from_id INTEGER NOT NULL REFERENCES cis(id),
  type TEXT NOT NULL CHECK (type IN ('depends_on', 'runs_on', 'hosted_on', 'connects_to', 'part_of', 'backed_up_by')),
  to_id INTEGER NOT NULL REFERENCES cis(id),
  created_at INTEGER NOT NULL,
  UNIQUE (from_id, type, to_id),
  CHECK (from_id <> to_id)
);
CREATE INDEX ci_relations_to ON ci_relations(to_id, from_id);
CREATE TABLE service_cis (
  service_id INTEGER NOT NULL REFERENCES services(id),
  ci_id INTEGER NOT NULL REFERENCES cis(id),
  PRIMARY KEY (service_id, ci_id)
);
CREATE INDEX service_cis_ci ON service_cis(ci_id, service_id);
ALTER TABLE tickets ADD COLUMN outage_start INTEGER;
ALTER TABLE tickets ADD COLUMN outage_end INTEGER;
CREATE INDEX tickets_service ON tickets(service_id, created_at);
CREATE INDEX tickets_ci ON tickets(ci_id, created_at);
INSERT INTO ci_classes (name, parent_id, description, created_at, updated_at) VALUES
  ('hardware', NULL, 'Physical equipment', 0, 0),
  ('software', NULL, 'Installed or hosted software', 0, 0),
  ('cloud_resource', NULL, 'A resource rented from a cloud provider', 0, 0);
INSERT INTO ci_classes (name, parent_id, description, created_at, updated_at)
SELECT x.name, p.id, x.description, 0, 0
FROM (SELECT 'server' AS name, 'hardware' AS parent, 'A physical or virtual server' AS description
      UNION ALL SELECT 'network_device', 'hardware', 'Router, switch, firewall, access point'
      UNION ALL SELECT 'application', 'software', 'A business or technical application'
      UNION ALL SELECT 'database', 'software', 'A database instance') x
JOIN ci_classes p ON p.name = x.parent;
INSERT INTO ci_class_attributes (class_id, name, type, required, unique_, choices, position)
SELECT c.id, a.name, a.type, a.required, a.uniq, a.choices, a.position
FROM (SELECT 'hardware' AS class, 'serial_number' AS name, 'string' AS type, 0 AS required, 1 AS uniq, '' AS choices, 1 AS position
      UNION ALL SELECT 'hardware', 'manufacturer', 'string', 0, 0, '', 2
      UNION ALL SELECT 'hardware', 'model', 'string', 0, 0, '', 3
      UNION ALL SELECT 'hardware', 'purchased_on', 'date', 0, 0, '', 4
      UNION ALL SELECT 'server', 'hostname', 'string', 1, 1, '', 1
      UNION ALL SELECT 'server', 'cpu_count', 'int', 0, 0, '', 2
      UNION ALL SELECT 'server', 'memory_gb', 'int', 0, 0, '', 3
      UNION ALL SELECT 'server', 'os', 'string', 0, 0, '', 4
      UNION ALL SELECT 'server', 'virtual', 'bool', 0, 0, '', 5
      UNION ALL SELECT 'network_device', 'ip_address', 'string', 0, 1, '', 1
      UNION ALL SELECT 'network_device', 'role', 'enum', 0, 0, 'router,switch,firewall,access_point,load_balancer', 2
      UNION ALL SELECT 'software', 'vendor', 'string', 0, 0, '', 1
      UNION ALL SELECT 'software', 'version', 'string', 0, 0, '', 2
      UNION ALL SELECT 'application', 'url', 'string', 0, 0, '', 1
      UNION ALL SELECT 'database', 'engine', 'enum', 1, 0, 'postgresql,mysql,mariadb,oracle,sqlserver,sqlite,other', 1
      UNION ALL SELECT 'cloud_resource', 'provider', 'enum', 1, 0, 'aws,azure,gcp,other', 1
      UNION ALL SELECT 'cloud_resource', 'region', 'string', 0, 0, '', 2
      UNION ALL SELECT 'cloud_resource', 'resource_id', 'string', 0, 1, '', 3) a
JOIN ci_classes c ON c.name = a.class;
INSERT INTO ci_class_attributes (class_id, name, type, required, unique_, choices, ref_class_id, position)
SELECT d.id, 'host', 'reference', 0, 0, '', s.id, 2
FROM ci_classes d JOIN ci_classes s ON s.name = 'server' WHERE d.name = 'database';
