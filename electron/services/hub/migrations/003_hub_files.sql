-- Attachment files by content hash (issue 14): the bytes that 'attached' events name. A file is
-- stored once however many cases or workstations hold it; a desk fetches the ones it lacks.
CREATE TABLE files (
  sha256   text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  bytes    bytea NOT NULL,
  size     integer NOT NULL,
  added_at timestamptz NOT NULL DEFAULT now()
);
