-- GridDesk schema v14: exchange files between paired workstations (issue 14, transport 1).
-- This workspace's Ed25519 key pair (one row), made on first need: it signs every package we write.
CREATE TABLE exchange_keys (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  public_key   TEXT NOT NULL,   -- SPKI DER, base64
  private_key  TEXT NOT NULL,   -- PKCS#8 DER, base64
  created_at   INTEGER NOT NULL
);

-- A workstation we exchange packages with: its key (from its pairing card) and what we send it.
CREATE TABLE exchange_peers (
  workspace_id        TEXT PRIMARY KEY,
  name                TEXT NOT NULL,
  public_key          TEXT NOT NULL,
  -- JSON: "all" or an array of region codes (street, community or grid) whose cases it gets.
  scope               TEXT NOT NULL,
  paired_at           INTEGER NOT NULL,
  -- Our local case_events id through which the peer has applied everything we sent (its acks).
  acked_event_id      INTEGER NOT NULL DEFAULT 0,
  -- The peer's own event id through which we have applied its packages: echoed back as our ack.
  their_through_id    INTEGER NOT NULL DEFAULT 0,
  last_sent_at        INTEGER,
  last_received_at    INTEGER
);
