import type { Timestamp } from './columns.js';

/** A model call's token reservation, held until settled, released or expired. */
export interface TokenReservationRow {
  id: string;
  project_id: string;
  tokens: number;
  expires_at: Timestamp;
}
export interface TokenReservationsDatabase {
  token_reservations: TokenReservationRow;
}

/** A deleted project whose vectors may still be stored outside the database. */
export interface DeletedProjectRow {
  project_id: string;
  deleted_at: Timestamp;
}
export interface DeletedProjectsDatabase {
  deleted_projects: DeletedProjectRow;
}
