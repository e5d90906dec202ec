/*
 * migrations.c — the SQL schema as a list of migrations, oldest first.
 *
 * Never edit a migration that has shipped: add a new one. Every table is
 * STRICT, every reference a foreign key; the CHECK constraints repeat the
 * model's enumerations so the database defends itself against a bug above it.
 * tests/unit/store/schema_test.c proves this schema matches store/model.c.
 */
#include "store/migrations.h"

#define CLASSIFIED                                                                                 \
    "  classification TEXT NOT NULL CHECK (classification IN "                                     \
    "('public','internal','confidential','secret')),\n"                                            \
    "  owner TEXT NOT NULL REFERENCES organisations(id),\n"                                        \
    "  version INTEGER NOT NULL DEFAULT 1\n"

#define REF_LIST_TABLE(table, parent, target)                                                      \
    "CREATE TABLE " table " (\n"                                                                   \
    "  record_id TEXT NOT NULL REFERENCES " parent "(id) ON DELETE CASCADE,\n"                     \
    "  position INTEGER NOT NULL CHECK (position >= 0),\n"                                         \
    "  ref TEXT NOT NULL REFERENCES " target "(id),\n"                                             \
    "  PRIMARY KEY (record_id, position),\n"                                                       \
    "  UNIQUE (record_id, ref)\n"                                                                  \
    ") STRICT;\n"                                                                                  \
    "CREATE INDEX " table "_ref ON " table "(ref);\n"

static const char migration_1[] =
    "CREATE TABLE organisations (\n"
    "  id TEXT PRIMARY KEY,\n"
    "  name TEXT NOT NULL,\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('ministry','provider','coordinator','other')),\n"
    "  parent TEXT REFERENCES organisations(id),\n"
    "  description TEXT,\n" CLASSIFIED ") STRICT;\n"

    "CREATE TABLE sectors (\n"
    "  id TEXT PRIMARY KEY,\n"
    "  name TEXT NOT NULL,\n"
    "  nis2_annex TEXT NOT NULL DEFAULT 'none' CHECK (nis2_annex IN ('I','II','none')),\n"
    "  cer INTEGER NOT NULL DEFAULT 0 CHECK (cer IN (0,1)),\n"
    "  eu_sector TEXT REFERENCES sectors(id),\n" CLASSIFIED ") STRICT;\n"

    "CREATE TABLE vitaal_criteria (\n"
    "  id TEXT PRIMARY KEY,\n"
    "  unit TEXT NOT NULL,\n"
    "  category_a_above REAL CHECK (category_a_above >= 0),\n"
    "  category_b_above REAL CHECK (category_b_above >= 0),\n"
    "  verified TEXT,\n" CLASSIFIED ") STRICT;\n"

    "CREATE TABLE impact_criteria (\n"
    "  id TEXT PRIMARY KEY,\n"
    "  interest TEXT NOT NULL,\n"
    "  name TEXT NOT NULL,\n" CLASSIFIED ") STRICT;\n"

    "CREATE TABLE likelihood_classes (\n"
    "  id TEXT PRIMARY KEY,\n"
    "  label TEXT NOT NULL,\n"
    "  p_min_5y REAL NOT NULL CHECK (p_min_5y BETWEEN 0 AND 1),\n"
    "  p_max_5y REAL NOT NULL CHECK (p_max_5y BETWEEN 0 AND 1),\n" CLASSIFIED ") STRICT;\n"

    "CREATE TABLE threats (\n"
    "  id TEXT PRIMARY KEY,\n"
    "  name TEXT NOT NULL,\n"
    "  theme TEXT REFERENCES threats(id),\n"
    "  description TEXT,\n" CLASSIFIED ") STRICT;\n"

    "CREATE TABLE processes (\n"
    "  id TEXT PRIMARY KEY,\n"
    "  name TEXT NOT NULL,\n"
    "  sector TEXT NOT NULL REFERENCES sectors(id),\n"
    "  ministry TEXT NOT NULL REFERENCES organisations(id),\n"
    "  category TEXT NOT NULL CHECK (category IN ('A','B','none')),\n"
    "  recovery_h INTEGER NOT NULL DEFAULT 0 CHECK (recovery_h >= 0),\n"
    "  description TEXT,\n" CLASSIFIED ") STRICT;\n"
    "CREATE INDEX processes_sector ON processes(sector);\n"
    "CREATE INDEX processes_ministry ON processes(ministry);\n"

    "CREATE TABLE provider_links (\n"
    "  id TEXT PRIMARY KEY,\n"
    "  provider TEXT NOT NULL REFERENCES organisations(id),\n"
    "  process TEXT NOT NULL REFERENCES processes(id),\n"
    "  nis2_entity TEXT NOT NULL DEFAULT 'none'\n"
    "    CHECK (nis2_entity IN ('essential','important','none')),\n"
    "  cer_critical INTEGER NOT NULL DEFAULT 0 CHECK (cer_critical IN (0,1)),\n"
    "  description TEXT,\n" CLASSIFIED ") STRICT;\n"
    "CREATE INDEX provider_links_provider ON provider_links(provider);\n"
    "CREATE INDEX provider_links_process ON provider_links(process);\n"

    "CREATE TABLE assessments (\n"
    "  id TEXT PRIMARY KEY,\n"
    "  process TEXT NOT NULL REFERENCES processes(id),\n"
    "  date TEXT NOT NULL,\n"
    "  assessor TEXT NOT NULL,\n"
    "  category TEXT NOT NULL CHECK (category IN ('A','B','none')),\n"
    "  rationale TEXT,\n" CLASSIFIED ") STRICT;\n"
    "CREATE INDEX assessments_process ON assessments(process);\n"
    "CREATE TABLE assessments_impacts (\n"
    "  record_id TEXT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,\n"
    "  key TEXT NOT NULL REFERENCES vitaal_criteria(id),\n"
    "  value REAL NOT NULL CHECK (value >= 0),\n"
    "  PRIMARY KEY (record_id, key)\n"
    ") STRICT;\n"
    "CREATE INDEX assessments_impacts_key ON assessments_impacts(key);\n"

    "CREATE TABLE events (\n"
    "  id TEXT PRIMARY KEY,\n"
    "  name TEXT NOT NULL,\n"
    "  occurred TEXT NOT NULL,\n"
    "  description TEXT,\n" CLASSIFIED
    ") STRICT;\n" REF_LIST_TABLE("events_processes", "events", "processes")

        "CREATE TABLE analyses (\n"
        "  id TEXT PRIMARY KEY,\n"
        "  process TEXT NOT NULL REFERENCES processes(id),\n"
        "  cycle_year INTEGER NOT NULL CHECK (cycle_year BETWEEN 2000 AND 2100),\n"
        "  kind TEXT NOT NULL CHECK (kind IN ('regular','quickscan')),\n"
        "  event TEXT REFERENCES events(id),\n"
        "  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','review','final')),\n"
        "  started TEXT NOT NULL,\n"
        "  finalised TEXT,\n"
        "  summary TEXT,\n" CLASSIFIED ") STRICT;\n"
        "CREATE INDEX analyses_process ON analyses(process);\n"
        "CREATE INDEX analyses_event ON analyses(event);\n"
        "CREATE TABLE analyses_findings (\n"
        "  record_id TEXT NOT NULL REFERENCES analyses(id) ON DELETE CASCADE,\n"
        "  key TEXT NOT NULL CHECK (key IN ('policy_law','risk_management','business_continuity',"
        "'sector_cooperation','incidents')),\n"
        "  value TEXT NOT NULL,\n"
        "  PRIMARY KEY (record_id, key)\n"
        ") STRICT;\n"

        "CREATE TABLE risks (\n"
        "  id TEXT PRIMARY KEY,\n"
        "  analysis TEXT NOT NULL REFERENCES analyses(id),\n"
        "  threat TEXT NOT NULL REFERENCES threats(id),\n"
        "  scenario TEXT NOT NULL,\n"
        "  likelihood TEXT NOT NULL CHECK (likelihood IN ('A','B','C','D','E')),\n" CLASSIFIED
        ") STRICT;\n"
        "CREATE INDEX risks_analysis ON risks(analysis);\n"
        "CREATE INDEX risks_threat ON risks(threat);\n"
        "CREATE TABLE risks_impacts (\n"
        "  record_id TEXT NOT NULL REFERENCES risks(id) ON DELETE CASCADE,\n"
        "  key TEXT NOT NULL REFERENCES impact_criteria(id),\n"
        "  value TEXT NOT NULL CHECK (value IN ('A','B','C','D','E')),\n"
        "  PRIMARY KEY (record_id, key)\n"
        ") STRICT;\n"
        "CREATE INDEX risks_impacts_key ON risks_impacts(key);\n"
        "CREATE TABLE risks_resilience (\n"
        "  record_id TEXT NOT NULL REFERENCES risks(id) ON DELETE CASCADE,\n"
        "  key TEXT NOT NULL CHECK (key IN ('physical','digital','economic','chain',"
        "'crisis_management')),\n"
        "  value INTEGER NOT NULL CHECK (value BETWEEN 1 AND 5),\n"
        "  PRIMARY KEY (record_id, key)\n"
        ") STRICT;\n"

        "CREATE TABLE fallback_options (\n"
        "  id TEXT PRIMARY KEY,\n"
        "  process TEXT NOT NULL REFERENCES processes(id),\n"
        "  kind TEXT NOT NULL CHECK (kind IN ('analogue','digital','alternative_supplier')),\n"
        "  needed TEXT NOT NULL DEFAULT 'unknown' CHECK (needed IN ('yes','no','unknown')),\n"
        "  need_rationale TEXT,\n"
        "  available INTEGER NOT NULL DEFAULT 0 CHECK (available IN (0,1)),\n"
        "  activation_h INTEGER NOT NULL DEFAULT 0 CHECK (activation_h >= 0),\n"
        "  duration_h INTEGER NOT NULL CHECK (duration_h >= 1),\n"
        "  cost_eur INTEGER CHECK (cost_eur >= 0),\n"
        "  proportionate INTEGER CHECK (proportionate IN (0,1)),\n"
        "  description TEXT,\n" CLASSIFIED ") STRICT;\n"
        "CREATE INDEX fallback_options_process ON fallback_options(process);\n"

        "CREATE TABLE dependencies (\n"
        "  id TEXT PRIMARY KEY,\n"
        "  process TEXT NOT NULL REFERENCES processes(id),\n"
        "  buffer_h INTEGER NOT NULL DEFAULT 0 CHECK (buffer_h >= 0),\n"
        "  fallback TEXT REFERENCES fallback_options(id),\n"
        "  description TEXT,\n" CLASSIFIED ") STRICT;\n"
        "CREATE INDEX dependencies_process ON dependencies(process);\n"
        "CREATE INDEX dependencies_fallback ON dependencies(fallback);\n" REF_LIST_TABLE(
            "dependencies_suppliers", "dependencies", "processes")

            "CREATE TABLE measures (\n"
            "  id TEXT PRIMARY KEY,\n"
            "  name TEXT NOT NULL,\n"
            "  kind TEXT NOT NULL CHECK (kind IN ('redundancy','stockpile','alternative_method',"
            "'regulation','other')),\n"
            "  scope TEXT NOT NULL CHECK (scope IN ('sectoral','cross_sectoral')),\n"
            "  due TEXT,\n"
            "  status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed','planned',"
            "'in_progress','done','cancelled')),\n"
            "  expected_effect TEXT,\n"
            "  cost_eur INTEGER CHECK (cost_eur >= 0),\n" CLASSIFIED ") STRICT;\n" REF_LIST_TABLE(
                "measures_processes", "measures", "processes") REF_LIST_TABLE("measures_risks",
                                                                              "measures", "risks")

                "CREATE TABLE reviews (\n"
                "  id TEXT PRIMARY KEY,\n"
                "  measure TEXT NOT NULL REFERENCES measures(id),\n"
                "  date TEXT NOT NULL,\n"
                "  method TEXT NOT NULL CHECK (method IN ('exercise','test','audit','incident')),\n"
                "  result TEXT NOT NULL CHECK (result IN "
                "('effective','partly_effective','ineffective',"
                "'inconclusive')),\n"
                "  findings TEXT,\n"
                "  adjustment TEXT,\n" CLASSIFIED ") STRICT;\n"
                "CREATE INDEX reviews_measure ON reviews(measure);\n"

                "CREATE TABLE incidents (\n"
                "  id TEXT PRIMARY KEY,\n"
                "  process TEXT NOT NULL REFERENCES processes(id),\n"
                "  provider TEXT REFERENCES organisations(id),\n"
                "  title TEXT NOT NULL,\n"
                "  detected_at TEXT NOT NULL,\n"
                "  significant INTEGER NOT NULL DEFAULT 0 CHECK (significant IN (0,1)),\n"
                "  early_warning_at TEXT,\n"
                "  notification_at TEXT,\n"
                "  final_report_at TEXT,\n"
                "  description TEXT,\n" CLASSIFIED ") STRICT;\n"
                "CREATE INDEX incidents_process ON incidents(process);\n";

/* Issue 4, the cycle's rules: risk scoring tables, the decision record of a
 * vitaalbeoordeling, measures as what-if effects with review periods and
 * mapped requirements, requirement frameworks (CER, NIS2), and settings. */
static const char migration_2[] =
    "CREATE TABLE settings (\n"
    "  id TEXT PRIMARY KEY,\n"
    "  value TEXT NOT NULL,\n"
    "  description TEXT,\n" CLASSIFIED ") STRICT;\n"

    "ALTER TABLE impact_criteria ADD COLUMN weight REAL NOT NULL DEFAULT 1 CHECK (weight >= 0);\n"

    "CREATE TABLE impact_classes (\n"
    "  id TEXT PRIMARY KEY,\n"
    "  label TEXT NOT NULL,\n"
    "  score REAL NOT NULL CHECK (score >= 0),\n"
    "  aggregate_min REAL NOT NULL CHECK (aggregate_min >= 0),\n" CLASSIFIED ") STRICT;\n"

    "CREATE TABLE frameworks (\n"
    "  id TEXT PRIMARY KEY,\n"
    "  urn TEXT NOT NULL,\n"
    "  ref_id TEXT,\n"
    "  name TEXT NOT NULL,\n"
    "  description TEXT,\n" CLASSIFIED ") STRICT;\n"

    "CREATE TABLE requirements (\n"
    "  id TEXT PRIMARY KEY,\n"
    "  framework TEXT NOT NULL REFERENCES frameworks(id),\n"
    "  parent TEXT REFERENCES requirements(id),\n"
    "  ref_id TEXT,\n"
    "  name TEXT,\n"
    "  description TEXT,\n"
    "  assessable INTEGER NOT NULL DEFAULT 0 CHECK (assessable IN (0,1)),\n"
    "  position INTEGER NOT NULL DEFAULT 0 CHECK (position >= 0),\n" CLASSIFIED ") STRICT;\n"
    "CREATE INDEX requirements_framework ON requirements(framework);\n"
    "CREATE INDEX requirements_parent ON requirements(parent);\n"

    "ALTER TABLE assessments ADD COLUMN cascade_outage_h INTEGER CHECK (cascade_outage_h >= "
    "0);\n" REF_LIST_TABLE("assessments_decided_by", "assessments", "vitaal_criteria")

        "ALTER TABLE measures ADD COLUMN effect TEXT NOT NULL DEFAULT 'none' CHECK (effect IN "
        "('none','add_supplier','add_buffer','add_fallback','likelihood','impact'));\n"
        "ALTER TABLE measures ADD COLUMN effect_dependency TEXT REFERENCES dependencies(id);\n"
        "ALTER TABLE measures ADD COLUMN effect_supplier TEXT REFERENCES processes(id);\n"
        "ALTER TABLE measures ADD COLUMN effect_hours INTEGER CHECK (effect_hours >= 0);\n"
        "ALTER TABLE measures ADD COLUMN effect_activation_h INTEGER "
        "CHECK (effect_activation_h >= 0);\n"
        "ALTER TABLE measures ADD COLUMN effect_duration_h INTEGER CHECK (effect_duration_h >= "
        "1);\n"
        "ALTER TABLE measures ADD COLUMN effect_risk TEXT REFERENCES risks(id);\n"
        "ALTER TABLE measures ADD COLUMN effect_criterion TEXT REFERENCES impact_criteria(id);\n"
        "ALTER TABLE measures ADD COLUMN effect_class TEXT "
        "CHECK (effect_class IN ('A','B','C','D','E'));\n"
        "ALTER TABLE measures ADD COLUMN review_interval_months INTEGER NOT NULL DEFAULT 12 "
        "CHECK (review_interval_months >= 1);\n" REF_LIST_TABLE("measures_requirements", "measures",
                                                                "requirements");

/* Issue 5, the server: users with their role, organisation, clearance and
 * (for auditors) the processes they may review; login sessions; and the
 * tamper-evident audit log, each entry carrying the MAC of the previous one.
 * These tables are not part of the exported document. */
static const char migration_3[] =
    "CREATE TABLE users (\n"
    "  id TEXT PRIMARY KEY,\n"
    "  role TEXT NOT NULL CHECK (role IN ('coordinator','department','provider','auditor')),\n"
    "  org TEXT NOT NULL REFERENCES organisations(id),\n"
    "  clearance TEXT NOT NULL CHECK (clearance IN "
    "('public','internal','confidential','secret')),\n"
    "  password_hash TEXT NOT NULL,\n"
    "  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0,1)),\n"
    "  created_at TEXT NOT NULL\n"
    ") STRICT;\n"
    "CREATE INDEX users_org ON users(org);\n"
    "CREATE TABLE users_scope (\n"
    "  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
    "  process TEXT NOT NULL REFERENCES processes(id),\n"
    "  PRIMARY KEY (user_id, process)\n"
    ") STRICT;\n"
    "CREATE INDEX users_scope_process ON users_scope(process);\n"
    "CREATE TABLE sessions (\n"
    "  token_hash TEXT PRIMARY KEY,\n"
    "  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
    "  created_at INTEGER NOT NULL,\n"
    "  expires_at INTEGER NOT NULL,\n"
    "  csrf_token TEXT NOT NULL\n"
    ") STRICT;\n"
    "CREATE INDEX sessions_user ON sessions(user_id);\n"
    "CREATE TABLE audit (\n"
    "  seq INTEGER PRIMARY KEY,\n"
    "  at TEXT NOT NULL,\n"
    "  actor TEXT NOT NULL,\n"
    "  address TEXT,\n"
    "  action TEXT NOT NULL,\n"
    "  kind TEXT,\n"
    "  record TEXT,\n"
    "  detail TEXT,\n"
    "  prev TEXT NOT NULL,\n"
    "  mac TEXT NOT NULL\n"
    ") STRICT;\n"
    "CREATE INDEX owner_processes ON processes(owner);\n";

/* Issue 10, the official record: every version of every record. A row is
 * one version of one record, made by one write (create, update, delete or
 * restore) with who made it, when and through which door; `data` is the
 * whole record as stored after the write (NULL for a deletion). The
 * current tables stay the working copy; history is append-only. Existing
 * records get their present state as version rows when this migration runs
 * (sqlite.c, history_seed). And the approval of analyses (four eyes). */
static const char migration_4[] =
    "CREATE TABLE history (\n"
    "  seq INTEGER PRIMARY KEY,\n"
    "  kind TEXT NOT NULL,\n"
    "  record_id TEXT NOT NULL,\n"
    "  version INTEGER NOT NULL CHECK (version >= 1),\n"
    "  op TEXT NOT NULL CHECK (op IN ('create','update','delete','restore')),\n"
    "  at TEXT NOT NULL,\n"
    "  actor TEXT NOT NULL,\n"
    "  via TEXT NOT NULL CHECK (via IN ('api','cli','import','migration')),\n"
    "  note TEXT,\n"
    "  data TEXT,\n"
    "  UNIQUE (kind, record_id, version)\n"
    ") STRICT;\n"
    "CREATE INDEX history_at ON history(kind, at);\n"
    /* Items 6 and 7: an assessment written by `vitaal assess` is a new
     * record that keeps the engine's explanation apart from the analyst's
     * rationale and names the assessment it took its estimates from; a
     * vitaal criterion says how an estimate meets its thresholds and whether
     * each is verified. The catalogue rows are brought to what the catalogue
     * now ships: the A thresholds that said "A verified" are marked so, and
     * the cascade row of the earlier catalogue (other processes, more than
     * 2) becomes the national rule's (other sectors, at least 2). */
    "ALTER TABLE assessments ADD COLUMN engine_explanation TEXT;\n"
    "ALTER TABLE assessments ADD COLUMN based_on TEXT REFERENCES assessments(id);\n"
    "CREATE INDEX assessments_based_on ON assessments(based_on);\n"
    "ALTER TABLE vitaal_criteria ADD COLUMN comparator TEXT NOT NULL DEFAULT 'more_than' "
    "CHECK (comparator IN ('more_than','at_least'));\n"
    "ALTER TABLE vitaal_criteria ADD COLUMN category_a_verified INTEGER NOT NULL DEFAULT 0 "
    "CHECK (category_a_verified IN (0,1));\n"
    "ALTER TABLE vitaal_criteria ADD COLUMN category_b_verified INTEGER NOT NULL DEFAULT 0 "
    "CHECK (category_b_verified IN (0,1));\n"
    "UPDATE vitaal_criteria SET category_a_verified = 1 WHERE verified LIKE 'A verified%';\n"
    "UPDATE vitaal_criteria SET unit = 'other sectors with a failing vital process', "
    "comparator = 'at_least' WHERE id = 'cascade' AND unit = 'other vital processes failing' "
    "AND category_a_above = 2 AND category_b_above IS NULL;\n"
    /* Items 8 and 9: a provider link carries the CER dates of its entity
     * (identified as critical entity, notified of it), and a review that
     * finds a measure (partly) ineffective the date its adjustment is
     * followed up. */
    "ALTER TABLE provider_links ADD COLUMN cer_identified TEXT;\n"
    "ALTER TABLE provider_links ADD COLUMN cer_notified TEXT;\n"
    "ALTER TABLE reviews ADD COLUMN follow_up TEXT;\n"
    /* Item 4, four eyes: an analysis becomes final only by another person's
     * approval, which it keeps */
    "ALTER TABLE analyses ADD COLUMN approved_by TEXT;\n"
    "ALTER TABLE analyses ADD COLUMN approved_at TEXT;\n"
    "ALTER TABLE analyses ADD COLUMN approval_comment TEXT;\n"
    "ALTER TABLE analyses ADD COLUMN rejection TEXT;\n";

/* Issue 10, four eyes for the vitaalbeoordeling and the toetsing: an
 * assessment and an effectiveness review go draft -> review -> final like
 * an analysis, final only by another person's approval, which they keep.
 * Those stored before this version were decisions already taken: they
 * become final, in the working tables and in the versions of their
 * history (which had no status, and were final in all but name), so that
 * a point in time before this migration still counts them. */
static const char migration_5[] =
    "ALTER TABLE assessments ADD COLUMN status TEXT NOT NULL DEFAULT 'draft' "
    "CHECK (status IN ('draft','review','final'));\n"
    "ALTER TABLE assessments ADD COLUMN approved_by TEXT;\n"
    "ALTER TABLE assessments ADD COLUMN approved_at TEXT;\n"
    "ALTER TABLE assessments ADD COLUMN approval_comment TEXT;\n"
    "ALTER TABLE assessments ADD COLUMN rejection TEXT;\n"
    "ALTER TABLE reviews ADD COLUMN status TEXT NOT NULL DEFAULT 'draft' "
    "CHECK (status IN ('draft','review','final'));\n"
    "ALTER TABLE reviews ADD COLUMN approved_by TEXT;\n"
    "ALTER TABLE reviews ADD COLUMN approved_at TEXT;\n"
    "ALTER TABLE reviews ADD COLUMN approval_comment TEXT;\n"
    "ALTER TABLE reviews ADD COLUMN rejection TEXT;\n"
    "UPDATE assessments SET status = 'final';\n"
    "UPDATE reviews SET status = 'final';\n"
    "UPDATE history SET data = json_set(data, '$.status', 'final') "
    "WHERE kind IN ('assessments','reviews') AND data IS NOT NULL "
    "AND json_extract(data, '$.status') IS NULL;\n";

/* Issue 20: a process may tolerate another downtime than its category's
 * default (its own maximum tolerable period of disruption), with the
 * reason. */
static const char migration_6[] =
    "ALTER TABLE processes ADD COLUMN mtpd_h INTEGER CHECK (mtpd_h >= 0);\n"
    "ALTER TABLE processes ADD COLUMN mtpd_reason TEXT;\n";

/* Issue 10 part 5, providers contribute and ministries decide: a
 * provider's contribution to the ministry's analysis (text per topic) and
 * the risks it proposes, each decided by the ministry: adopted (the risk it
 * became) or declined (with the reason). */
static const char migration_7[] =
    "CREATE TABLE contributions (\n"
    "  id TEXT PRIMARY KEY,\n"
    "  analysis TEXT NOT NULL REFERENCES analyses(id),\n"
    "  provider TEXT NOT NULL REFERENCES organisations(id),\n"
    "  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','submitted','processed')),\n"
    "  summary TEXT,\n"
    "  submitted_by TEXT,\n"
    "  submitted_at TEXT,\n" CLASSIFIED ") STRICT;\n"
    "CREATE INDEX contributions_analysis ON contributions(analysis);\n"
    "CREATE INDEX contributions_provider ON contributions(provider);\n"
    "CREATE TABLE contributions_findings (\n"
    "  record_id TEXT NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,\n"
    "  key TEXT NOT NULL CHECK (key IN ('policy_law','risk_management','business_continuity',"
    "'sector_cooperation','incidents')),\n"
    "  value TEXT NOT NULL,\n"
    "  PRIMARY KEY (record_id, key)\n"
    ") STRICT;\n"
    "CREATE TABLE proposed_risks (\n"
    "  id TEXT PRIMARY KEY,\n"
    "  contribution TEXT NOT NULL REFERENCES contributions(id),\n"
    "  threat TEXT NOT NULL REFERENCES threats(id),\n"
    "  scenario TEXT NOT NULL,\n"
    "  likelihood TEXT NOT NULL CHECK (likelihood IN ('A','B','C','D','E')),\n"
    "  decision TEXT NOT NULL DEFAULT 'open' CHECK (decision IN ('open','adopted','declined')),\n"
    "  reason TEXT,\n"
    "  decided_by TEXT,\n"
    "  decided_at TEXT,\n"
    "  risk TEXT REFERENCES risks(id),\n" CLASSIFIED ") STRICT;\n"
    "CREATE INDEX proposed_risks_contribution ON proposed_risks(contribution);\n"
    "CREATE INDEX proposed_risks_threat ON proposed_risks(threat);\n"
    "CREATE INDEX proposed_risks_risk ON proposed_risks(risk);\n"
    "CREATE TABLE proposed_risks_impacts (\n"
    "  record_id TEXT NOT NULL REFERENCES proposed_risks(id) ON DELETE CASCADE,\n"
    "  key TEXT NOT NULL REFERENCES impact_criteria(id),\n"
    "  value TEXT NOT NULL CHECK (value IN ('A','B','C','D','E')),\n"
    "  PRIMARY KEY (record_id, key)\n"
    ") STRICT;\n"
    "CREATE INDEX proposed_risks_impacts_key ON proposed_risks_impacts(key);\n"
    "CREATE TABLE proposed_risks_resilience (\n"
    "  record_id TEXT NOT NULL REFERENCES proposed_risks(id) ON DELETE CASCADE,\n"
    "  key TEXT NOT NULL CHECK (key IN ('physical','digital','economic','chain',"
    "'crisis_management')),\n"
    "  value INTEGER NOT NULL CHECK (value BETWEEN 1 AND 5),\n"
    "  PRIMARY KEY (record_id, key)\n"
    ") STRICT;\n";

/* Issue 12 part 1, sharing with named organisations: every record carries a
 * Traffic Light Protocol 2.0 marking and whom it is shared with besides its
 * classification (organisations; under red named people, user ids, which
 * the domain checks: users are not records). Existing records, and the
 * versions in their history, get the marking their classification implies
 * and are shared with no one (validation gives every record written a
 * marking; the column admits none for a write below it). The people a red record is shared with
 * have no foreign key: users are private to the live database, and a point in time view has none.
 */
#define PEOPLE_TABLE(t)                                                                            \
    "CREATE TABLE " t "_shared_with_people (\n"                                                    \
    "  record_id TEXT NOT NULL REFERENCES " t "(id) ON DELETE CASCADE,\n"                          \
    "  position INTEGER NOT NULL CHECK (position >= 0),\n"                                         \
    "  ref TEXT NOT NULL,\n"                                                                       \
    "  PRIMARY KEY (record_id, position),\n"                                                       \
    "  UNIQUE (record_id, ref)\n"                                                                  \
    ") STRICT;\n"
#define SHARING(t)                                                                                 \
    "ALTER TABLE " t " ADD COLUMN tlp TEXT CHECK (tlp IN "                                         \
    "('clear','green','amber','amber+strict','red'));\n"                                           \
    "UPDATE " t " SET tlp = " TLP_OF("classification") ";\n" REF_LIST_TABLE(                       \
        t "_shared_with", t, "organisations") PEOPLE_TABLE(t)
#define TLP_OF(c)                                                                                  \
    "CASE " c " WHEN 'public' THEN 'clear' WHEN 'internal' THEN 'green' "                          \
    "WHEN 'confidential' THEN 'amber' ELSE 'red' END"

/* clang-format off */
static const char migration_8[] =
    SHARING("organisations")
    SHARING("settings")
    SHARING("sectors")
    SHARING("vitaal_criteria")
    SHARING("impact_criteria")
    SHARING("impact_classes")
    SHARING("likelihood_classes")
    SHARING("threats")
    SHARING("frameworks")
    SHARING("requirements")
    SHARING("processes")
    SHARING("provider_links")
    SHARING("assessments")
    SHARING("events")
    SHARING("analyses")
    SHARING("risks")
    SHARING("contributions")
    SHARING("proposed_risks")
    SHARING("fallback_options")
    SHARING("dependencies")
    SHARING("measures")
    SHARING("reviews")
    SHARING("incidents")
    "UPDATE history SET data = json_set(data, '$.tlp', "
    TLP_OF("json_extract(data, '$.classification')")
    ", '$.shared_with', json('[]'), '$.shared_with_people', json('[]')) "
    "WHERE data IS NOT NULL;\n";
/* clang-format on */

/* Issue 12 part 5, evidence: files attached to a record (a measure, a
 * review, a contribution, ...). Not a kind of record: the content is
 * binary and an attachment has no versions; it hangs on its parent by kind
 * and id (no foreign key: the parent is of several kinds; a deleted
 * parent's attachments stay, hidden with it, and come back when it is
 * restored). Owner and classification are the parent's at upload; reading
 * is decided on the parent as it is now (domain/attachment.h). */
static const char migration_9[] =
    "CREATE TABLE attachments (\n"
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "  kind TEXT NOT NULL,\n"
    "  record TEXT NOT NULL,\n"
    "  name TEXT NOT NULL CHECK (length(CAST(name AS BLOB)) BETWEEN 1 AND 200),\n"
    "  media_type TEXT NOT NULL,\n"
    "  size INTEGER NOT NULL CHECK (size > 0),\n"
    "  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),\n"
    "  content BLOB NOT NULL,\n"
    "  uploaded_by TEXT NOT NULL,\n"
    "  uploaded_at TEXT NOT NULL,\n"
    "  owner TEXT NOT NULL REFERENCES organisations(id),\n"
    "  classification TEXT NOT NULL CHECK (classification IN "
    "('public','internal','confidential','secret')),\n"
    "  CHECK (length(content) = size)\n"
    ") STRICT;\n"
    "CREATE INDEX attachments_record ON attachments(kind, record);\n"
    "CREATE INDEX attachments_owner ON attachments(owner);\n";

/* Issue 12 part 6, compliance per entity. A framework keeps its library's
 * language and the translations the library gives of its texts (one child
 * table per text: language -> text); a requirement its annotation. A
 * provider assesses requirements (one assessment per provider and
 * requirement, domain/compliance.h); a campaign sends a framework to chosen
 * providers as a questionnaire. Existing frameworks were English. */
#define LANGUAGES                                                                                  \
    "('bg','cs','da','de','el','en','es','et','fi','fr','ga','hr','hu','it','lt','lv','mt','nl','" \
    "pl','pt','ro','sk','sl','sv')"
static const char migration_10[] =
    "ALTER TABLE frameworks ADD COLUMN language TEXT NOT NULL DEFAULT 'en' "
    "CHECK (language IN " LANGUAGES ");\n"
    "ALTER TABLE requirements ADD COLUMN annotation TEXT;\n"
    "CREATE TABLE frameworks_name_translations (\n"
    "  record_id TEXT NOT NULL REFERENCES frameworks(id) ON DELETE CASCADE,\n"
    "  key TEXT NOT NULL CHECK (key IN " LANGUAGES "),\n"
    "  value TEXT NOT NULL,\n"
    "  PRIMARY KEY (record_id, key)\n"
    ") STRICT;\n"
    "CREATE TABLE frameworks_description_translations (\n"
    "  record_id TEXT NOT NULL REFERENCES frameworks(id) ON DELETE CASCADE,\n"
    "  key TEXT NOT NULL CHECK (key IN " LANGUAGES "),\n"
    "  value TEXT NOT NULL,\n"
    "  PRIMARY KEY (record_id, key)\n"
    ") STRICT;\n"
    "CREATE TABLE requirements_name_translations (\n"
    "  record_id TEXT NOT NULL REFERENCES requirements(id) ON DELETE CASCADE,\n"
    "  key TEXT NOT NULL CHECK (key IN " LANGUAGES "),\n"
    "  value TEXT NOT NULL,\n"
    "  PRIMARY KEY (record_id, key)\n"
    ") STRICT;\n"
    "CREATE TABLE requirements_description_translations (\n"
    "  record_id TEXT NOT NULL REFERENCES requirements(id) ON DELETE CASCADE,\n"
    "  key TEXT NOT NULL CHECK (key IN " LANGUAGES "),\n"
    "  value TEXT NOT NULL,\n"
    "  PRIMARY KEY (record_id, key)\n"
    ") STRICT;\n"
    "CREATE TABLE requirements_annotation_translations (\n"
    "  record_id TEXT NOT NULL REFERENCES requirements(id) ON DELETE CASCADE,\n"
    "  key TEXT NOT NULL CHECK (key IN " LANGUAGES "),\n"
    "  value TEXT NOT NULL,\n"
    "  PRIMARY KEY (record_id, key)\n"
    ") STRICT;\n"
    "CREATE TABLE requirement_assessments (\n"
    "  id TEXT PRIMARY KEY,\n"
    "  provider TEXT NOT NULL REFERENCES organisations(id),\n"
    "  requirement TEXT NOT NULL REFERENCES requirements(id),\n"
    "  result TEXT NOT NULL DEFAULT 'not_assessed' CHECK (result IN ('compliant',"
    "'partially_compliant','non_compliant','not_applicable','not_assessed')),\n"
    "  remarks TEXT,\n"
    "  assessor TEXT,\n"
    "  date TEXT,\n" CLASSIFIED ") STRICT;\n"
    "CREATE INDEX requirement_assessments_provider ON requirement_assessments(provider);\n"
    "CREATE INDEX requirement_assessments_requirement ON requirement_assessments(requirement);\n"
    "CREATE TABLE campaigns (\n"
    "  id TEXT PRIMARY KEY,\n"
    "  title TEXT NOT NULL,\n"
    "  framework TEXT NOT NULL REFERENCES frameworks(id),\n"
    "  due TEXT,\n"
    "  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),\n" CLASSIFIED
    ") STRICT;\n"
    "CREATE INDEX campaigns_framework ON campaigns(framework);\n" REF_LIST_TABLE(
        "campaigns_to", "campaigns", "organisations")
    /* the marking and shares every kind carries (migration 8) */
    SHARING("requirement_assessments") SHARING("campaigns");
#undef LANGUAGES

/* Issue 12 parts 3 and 4, comments and notifications: comment threads on
 * records (not records themselves: they take the need-to-know of the
 * record they hang on; append-only, the author may retract one with a
 * note, the text stays), each user's read state of the notifications
 * derived from them and the clock (domain/notify.h), the e-mails sent, and
 * an optional e-mail address per user (with the moment it was set: mail
 * goes out for what happens after it). */
static const char migration_11[] =
    "ALTER TABLE users ADD COLUMN email TEXT CHECK (email IS NULL OR "
    "(length(email) BETWEEN 3 AND 254 AND instr(email, '@') > 1));\n"
    "ALTER TABLE users ADD COLUMN email_since TEXT;\n"
    "CREATE TABLE comments (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  parent_kind TEXT NOT NULL,\n"
    "  parent_id TEXT NOT NULL,\n"
    "  author TEXT NOT NULL,\n"
    "  text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 4000),\n"
    "  mentions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(mentions)),\n"
    "  created_at TEXT NOT NULL,\n"
    "  retracted_at TEXT,\n"
    "  retraction TEXT\n"
    ") STRICT;\n"
    "CREATE INDEX comments_parent ON comments(parent_kind, parent_id, id);\n"
    "CREATE INDEX comments_created ON comments(created_at);\n"
    "CREATE TABLE notify_state (\n"
    "  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,\n"
    "  read_until TEXT NOT NULL\n"
    ") STRICT;\n"
    "CREATE TABLE notify_read (\n"
    "  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
    "  id TEXT NOT NULL,\n"
    "  at TEXT NOT NULL,\n"
    "  PRIMARY KEY (user_id, id)\n"
    ") STRICT;\n"
    "CREATE TABLE notify_mail (\n"
    "  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
    "  id TEXT NOT NULL,\n"
    "  sent INTEGER NOT NULL CHECK (sent IN (0, 1)),\n"
    "  attempts INTEGER NOT NULL CHECK (attempts >= 1),\n"
    "  last_at TEXT NOT NULL,\n"
    "  error TEXT,\n"
    "  PRIMARY KEY (user_id, id)\n"
    ") STRICT;\n";

/* Issue 20 parts 1 and 3: a risk (scenario) says how long the process
 * itself is down in it, whether it is a loss of the process's own digital
 * systems, and the fallback option that bridges it; a fallback option
 * judged not proportionate names the mitigating measure chosen instead. */
static const char migration_12[] =
    "ALTER TABLE risks ADD COLUMN outage_h INTEGER CHECK (outage_h >= 0);\n"
    "ALTER TABLE risks ADD COLUMN own_systems INTEGER NOT NULL DEFAULT 0 "
    "CHECK (own_systems IN (0,1));\n"
    "ALTER TABLE risks ADD COLUMN fallback TEXT REFERENCES fallback_options(id);\n"
    "CREATE INDEX risks_fallback ON risks(fallback);\n"
    "ALTER TABLE fallback_options ADD COLUMN alternative_measure TEXT REFERENCES measures(id);\n"
    "CREATE INDEX fallback_options_alternative_measure ON fallback_options(alternative_measure);\n";

/* Issue 12 part 2, requests for information (uitvraag): a ministry or the
 * coordinator asks providers of a process questions by a due day; a
 * provider's answer is its contribution with `request` set, one per
 * provider per request. */
static const char migration_13[] =
    "CREATE TABLE requests (\n"
    "  id TEXT PRIMARY KEY,\n"
    "  title TEXT NOT NULL,\n"
    "  process TEXT NOT NULL REFERENCES processes(id),\n"
    "  analysis TEXT REFERENCES analyses(id),\n"
    "  framework TEXT REFERENCES frameworks(id),\n"
    "  due TEXT NOT NULL,\n"
    "  questions TEXT,\n"
    "  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),\n"
    "  sent_by TEXT,\n"
    "  sent_at TEXT,\n" CLASSIFIED ") STRICT;\n"
    "CREATE INDEX requests_process ON requests(process);\n"
    "CREATE INDEX requests_analysis ON requests(analysis);\n"
    "CREATE INDEX requests_framework ON requests(framework);\n" REF_LIST_TABLE(
        "requests_to", "requests", "organisations") "ALTER TABLE contributions ADD COLUMN request "
                                                    "TEXT REFERENCES requests(id);\n"
                                                    "CREATE UNIQUE INDEX contributions_request "
                                                    "ON contributions(request, provider);\n"
    /* the marking and shares every kind carries (migration 8) */
    SHARING("requests");

/* Issue 20 part 4, shared suppliers as nodes: services (suppliers that are
 * not vital processes: a cloud platform, a satellite timing service, a fuel
 * supplier) and the dependencies' second list of suppliers naming them.
 * Processes and services are nodes of one graph, so an id is unique among
 * both kinds together: the triggers refuse a service with a process's id
 * and a process with a service's. `suppliers` may now be empty when
 * `supplier_services` is not (domain/validate.c). */
static const char migration_14[] =
    "CREATE TABLE services (\n"
    "  id TEXT PRIMARY KEY,\n"
    "  name TEXT NOT NULL,\n"
    "  kind TEXT NOT NULL CHECK (kind IN "
    "('cloud','software','satellite','fuel','telecom','other')),\n"
    "  provider TEXT REFERENCES organisations(id),\n"
    "  description TEXT,\n"
    "  recovery_h INTEGER NOT NULL DEFAULT 0 CHECK (recovery_h >= 0),\n" CLASSIFIED ") STRICT;\n"
    "CREATE INDEX services_provider ON services(provider);\n" REF_LIST_TABLE(
        "dependencies_supplier_services", "dependencies",
        "services") "CREATE TRIGGER services_id_not_process BEFORE INSERT ON services\n"
                    "WHEN EXISTS (SELECT 1 FROM processes WHERE id = NEW.id)\n"
                    "BEGIN SELECT RAISE(ABORT, 'a process has this id'); END;\n"
                    "CREATE TRIGGER processes_id_not_service BEFORE INSERT ON processes\n"
                    "WHEN EXISTS (SELECT 1 FROM services WHERE id = NEW.id)\n"
                    "BEGIN SELECT RAISE(ABORT, 'a service has this id'); END;\n"
    /* the marking and shares every kind carries (migration 8) */
    SHARING("services");

/* Issue 14 part 8, MFA: a TOTP secret per user (RFC 6238; the raw key as
 * hex: the server must compute codes, so it cannot be hashed), whether its
 * enrolment was confirmed with a first code, and the last time step a code
 * was accepted for (a code is never accepted twice); the one-time recovery
 * codes, hashed only; and sessions that may only enrol (a user whose
 * clearance needs MFA logging in without it). */
static const char migration_15[] =
    "ALTER TABLE users ADD COLUMN totp_secret TEXT CHECK (totp_secret IS NULL OR "
    "length(totp_secret) = 40);\n"
    "ALTER TABLE users ADD COLUMN totp_confirmed INTEGER NOT NULL DEFAULT 0 CHECK "
    "(totp_confirmed IN (0, 1));\n"
    "ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;\n"
    "CREATE TABLE users_recovery (\n"
    "  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
    "  code_hash TEXT NOT NULL,\n"
    "  used_at TEXT,\n"
    "  PRIMARY KEY (user_id, code_hash)\n"
    ") STRICT;\n"
    "ALTER TABLE sessions ADD COLUMN enrol_only INTEGER NOT NULL DEFAULT 0 CHECK "
    "(enrol_only IN (0, 1));\n";

/* Issue 14 part 12, reads during a long import: how far the read journal
 * (domain/audit_journal.h) has been folded into the audit table, in the
 * transaction that folds it: the journal's generation and the number of
 * its entries folded. One row at most. */
static const char migration_16[] = "CREATE TABLE audit_journal (\n"
                                   "  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
                                   "  generation TEXT NOT NULL,\n"
                                   "  folded INTEGER NOT NULL CHECK (folded >= 0)\n"
                                   ") STRICT;\n";

/* Issue 16 part 4, the IIM on the database: interdependency tables with
 * their source and year, the table itself as the JSON `vitaal iim` reads
 * (checked by domain/iim_table.c on every write), and the map from vitaal
 * sectors to the table's sectors. */
static const char migration_17[] =
    "CREATE TABLE iim_tables (\n"
    "  id TEXT PRIMARY KEY,\n"
    "  name TEXT NOT NULL,\n"
    "  source TEXT NOT NULL,\n"
    "  year INTEGER NOT NULL CHECK (year BETWEEN 1950 AND 2100),\n"
    "  unit TEXT,\n"
    "  illustrative INTEGER NOT NULL DEFAULT 0 CHECK (illustrative IN (0,1)),\n"
    "  data TEXT NOT NULL,\n" CLASSIFIED ") STRICT;\n"
    "CREATE TABLE iim_tables_sector_map (\n"
    "  record_id TEXT NOT NULL REFERENCES iim_tables(id) ON DELETE CASCADE,\n"
    "  key TEXT NOT NULL REFERENCES sectors(id),\n"
    "  value TEXT NOT NULL,\n"
    "  PRIMARY KEY (record_id, key)\n"
    ") STRICT;\n"
    "CREATE INDEX iim_tables_sector_map_key ON iim_tables_sector_map(key);\n"
    /* the marking and shares every kind carries (migration 8) */
    SHARING("iim_tables");

const char *const store_migrations[] = {
    migration_1,  migration_2,  migration_3,  migration_4,  migration_5,  migration_6,
    migration_7,  migration_8,  migration_9,  migration_10, migration_11, migration_12,
    migration_13, migration_14, migration_15, migration_16, migration_17, store_migration_18};

const char *const store_private_tables[] = {
    "users",          "users_scope",   "sessions",     "audit",          "history",
    "attachments",    "comments",      "notify_state", "notify_read",    "notify_mail",
    "users_recovery", "audit_journal", "jobs",         "login_failures", NULL};
const size_t store_migration_count = sizeof store_migrations / sizeof store_migrations[0];
