-- identity_block_keys(record): the blocking keys of one normalized record (a row of
-- identity_signals), hashed, in rule order: email, phone, ssn, birth_date+surname_sound,
-- birth_date+first_name_root, names+zip3, birth_date+zip5, street+zip5, source_mrn (the
-- block_rules of sql/identity/blocking.sql); NULL where the record lacks a part.
[CASE WHEN record.email IS NOT NULL THEN hash(record.email) END,
 CASE WHEN record.phone IS NOT NULL THEN hash(record.phone) END,
 CASE WHEN record.ssn IS NOT NULL THEN hash(record.ssn) END,
 CASE WHEN record.birth_date IS NOT NULL AND record.last_name IS NOT NULL
      THEN hash(record.birth_date, identity_soundex(record.last_name)) END,
 CASE WHEN record.birth_date IS NOT NULL AND record.first_name IS NOT NULL
      THEN hash(record.birth_date, identity_name_root(record.first_name)) END,
 CASE WHEN record.first_name IS NOT NULL AND record.last_name IS NOT NULL AND record.postal_code IS NOT NULL
      THEN hash(identity_name_root(record.first_name), record.last_name, left(record.postal_code, 3)) END,
 CASE WHEN record.birth_date IS NOT NULL AND record.postal_code IS NOT NULL
      THEN hash(record.birth_date, record.postal_code) END,
 CASE WHEN record.street_address IS NOT NULL AND record.postal_code IS NOT NULL
      THEN hash(record.street_address, record.postal_code) END,
 CASE WHEN record.mrn IS NOT NULL THEN hash(record.source_system, record.mrn) END]
