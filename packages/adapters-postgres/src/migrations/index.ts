import type { Migration, MigrationProvider } from 'kysely/migration';
import * as createUsers from './2026-11-24T1200-create-users.js';
import * as createProjects from './2026-11-24T1210-create-projects.js';
import * as createDocuments from './2026-11-24T1220-create-documents.js';
import * as createConversations from './2026-11-24T1230-create-conversations.js';
import * as createAssistantLeads from './2026-11-24T1240-create-assistant-leads.js';
import * as createChunkEmbeddings from './2026-11-24T1250-create-chunk-embeddings.js';
import * as coverLexicalPostings from './2026-11-24T1300-cover-lexical-postings.js';
import * as trackSearchIndexChanges from './2026-11-25T0900-track-search-index-changes.js';
import * as indexRevokedSessionFamilies from './2026-12-01T1000-index-revoked-session-families.js';
import * as leaseDocumentIndexing from './2026-12-01T1200-lease-document-indexing.js';
import * as trackLeadAdministration from './2026-12-01T1310-track-lead-administration.js';
import * as insightsAndBudgetPeriod from './2026-12-01T1330-insights-and-budget-period.js';
import * as createAuditLog from './2026-12-01T1710-create-audit-log.js';
import * as lightenLexicalPostings from './2026-12-01T1730-lighten-lexical-postings.js';
import * as chunkTermRows from './2026-12-01T2100-chunk-term-rows.js';
import * as oneReferencePerChunkRow from './2026-12-02T1000-one-reference-per-chunk-row.js';
import * as vectorsWithoutChunkCopies from './2026-12-03T1200-vectors-without-chunk-copies.js';
import * as tokenReservationLeases from './2026-12-04T1200-token-reservation-leases.js';
import * as noteDeletedProjects from './2026-12-04T1300-note-deleted-projects.js';
import * as noteVectorRemovals from './2026-12-04T2200-note-vector-removals.js';
import * as createVectorOutbox from './2026-12-05T1000-create-vector-outbox.js';

/** Every migration, listed explicitly (names sort in the order they must run). */
export const migrations: Record<string, Migration> = {
  '2026-11-24T1200-create-users': createUsers,
  '2026-11-24T1210-create-projects': createProjects,
  '2026-11-24T1220-create-documents': createDocuments,
  '2026-11-24T1230-create-conversations': createConversations,
  '2026-11-24T1240-create-assistant-leads': createAssistantLeads,
  '2026-11-24T1250-create-chunk-embeddings': createChunkEmbeddings,
  '2026-11-24T1300-cover-lexical-postings': coverLexicalPostings,
  '2026-11-25T0900-track-search-index-changes': trackSearchIndexChanges,
  '2026-12-01T1000-index-revoked-session-families': indexRevokedSessionFamilies,
  '2026-12-01T1200-lease-document-indexing': leaseDocumentIndexing,
  '2026-12-01T1310-track-lead-administration': trackLeadAdministration,
  '2026-12-01T1330-insights-and-budget-period': insightsAndBudgetPeriod,
  '2026-12-01T1710-create-audit-log': createAuditLog,
  '2026-12-01T1730-lighten-lexical-postings': lightenLexicalPostings,
  '2026-12-01T2100-chunk-term-rows': chunkTermRows,
  '2026-12-02T1000-one-reference-per-chunk-row': oneReferencePerChunkRow,
  '2026-12-03T1200-vectors-without-chunk-copies': vectorsWithoutChunkCopies,
  '2026-12-04T1200-token-reservation-leases': tokenReservationLeases,
  '2026-12-04T1300-note-deleted-projects': noteDeletedProjects,
  '2026-12-04T2200-note-vector-removals': noteVectorRemovals,
  '2026-12-05T1000-create-vector-outbox': createVectorOutbox,
};

/** Hands Kysely's Migrator the explicit list (no file-system scanning, works when bundled). */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
