/**
 * Ends a statement that finds or writes its rows through unique keys (a key's prefix, ids, a
 * project's row): its best plan does not depend on the values or on how large a project has grown. Outside a transaction, PGlite
 * runs such a statement in a short transaction of its own with a generic plan, made at its first
 * execution and kept while it stays prepared, instead of planning it again at every execution
 * under the session's `force_custom_plan` (decision 0039). Sequential scans are kept out of that
 * plan as in 0033. PostgreSQL in server mode ignores the comment.
 *
 * Mark only statements whose every condition on a table is served by one unique index alone
 * (a primary key, `api_keys.prefix`), or by no other index. Where another index could serve a
 * second condition on the same table (`id = $1 and project_id = $2` beside an index on
 * `project_id`), a plan made while the table held one row may pick that index, both looking
 * equally cheap then, and keep it once the project holds thousands of rows.
 */
export const genericPlanComment = '/* plan: generic */';
