-- The bytes each upload brought, for the daily limit per user (server/routes/blobs.ts). Uploads from
-- before this migration count as nothing.
ALTER TABLE blob_uploads ADD COLUMN size INTEGER NOT NULL DEFAULT 0;
CREATE INDEX blob_uploads_user_time ON blob_uploads (user_id, uploaded_at);
