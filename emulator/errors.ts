// Appwrite's error catalogue for the routes the emulator serves.
// Types, HTTP codes and default messages come from appwrite/appwrite `app/config/errors.php`
// (read at commit 00322db289f9a3faf3b55fc03eb1accba3510609); the TablesDB `row_*`/`table_*`/`column_*`
// types arrived with 1.8 (`src/Appwrite/Extend/Exception.php` @1.8.0) and mirror the document ones.
// Messages that changed after that commit use the newer wording seen in 1.x client code
// ("A user with the same id, email, or phone already exists in this project.", "Creation of a session is
// prohibited when a session is active."). `general_payload_too_large`, `document_limit_exceeded` and
// `row_limit_exceeded` are the emulator's own (its memory limits; see docs/emulator.md).
// The 1.x error body is `{message, code, type, version}` (reference appwrite.md §11).

const catalogue = {
  general_unknown: [500, 'An unknown error has occured. Please check the logs for more information.'],
  general_access_forbidden: [401, 'Access to this API is forbidden.'],
  general_unauthorized_scope: [
    401,
    'The current user or API key does not have the required scopes to access the requested resource.',
  ],
  general_rate_limit_exceeded: [
    429,
    'Rate limit for the current endpoint has been exceeded. Please try again after some time.',
  ],
  general_argument_invalid: [
    400,
    'The request contains one or more invalid arguments. Please refer to the endpoint documentation.',
  ],
  general_query_invalid: [400, "The query's syntax is invalid. Please check the query and try again."],
  general_route_not_found: [
    404,
    'The requested route was not found. Please refer to the API docs and try again.',
  ],
  general_cursor_not_found: [
    400,
    'The cursor is invalid. This can happen if the item represented by the cursor has been deleted.',
  ],
  general_server_error: [500, 'An internal server error occurred.'],
  general_service_disabled: [
    503,
    'The requested service is disabled. You can enable the service from the Appwrite console.',
  ],
  general_payload_too_large: [413, 'The request payload is too large.'],
  user_already_exists: [409, 'A user with the same id, email, or phone already exists in this project.'],
  user_invalid_credentials: [401, 'Invalid credentials. Please check the email and password.'],
  // 1.5+ wording of the session guard (`shared/api.php` @0cefd06 throws USER_SESSION_ALREADY_EXISTS).
  user_session_already_exists: [401, 'Creation of a session is prohibited when a session is active.'],
  user_not_found: [404, 'User with the requested ID could not be found.'],
  user_session_not_found: [404, 'The current user session could not be found.'],
  user_unauthorized: [401, 'The current user is not authorized to perform the requested action.'],
  project_id_missing: [
    403,
    'When using project API key, make sure to pass x-appwrite-project header with your project ID.',
  ],
  project_not_found: [
    404,
    'Project with the requested ID could not be found. Please check the value of the X-Appwrite-Project header to ensure the correct project ID is being used.',
  ],
  // Console API (bootstrap): `app/config/errors.php`.
  team_not_found: [404, 'Team with the requested ID could not be found.'],
  team_already_exists: [
    409,
    'Team with requested ID already exists. Please choose a different ID and try again.',
  ],
  project_already_exists: [
    409,
    'Project with the requested ID already exists. Please choose a different ID and try again.',
  ],
  database_not_found: [404, 'Database not found'],
  database_already_exists: [409, 'Database already exists'],
  collection_not_found: [404, 'Collection with the requested ID could not be found.'],
  collection_already_exists: [409, 'A collection with the requested ID already exists.'],
  table_not_found: [404, 'Table with the requested ID could not be found.'],
  table_already_exists: [409, 'A table with the requested ID already exists.'],
  document_not_found: [404, 'Document with the requested ID could not be found.'],
  document_already_exists: [409, 'Document with the requested ID already exists.'],
  document_invalid_structure: [
    400,
    'The document structure is invalid. Please ensure the attributes match the collection definition.',
  ],
  document_limit_exceeded: [400, 'The maximum number of documents in this collection has been reached.'],
  row_not_found: [404, 'Row with the requested ID could not be found.'],
  row_already_exists: [409, 'Row with the requested ID already exists.'],
  row_invalid_structure: [
    400,
    'The row structure is invalid. Please ensure the columns match the table definition.',
  ],
  row_limit_exceeded: [400, 'The maximum number of rows in this table has been reached.'],
  attribute_not_found: [404, 'Attribute with the requested ID could not be found.'],
  attribute_already_exists: [409, 'Attribute with the requested ID already exists.'],
  attribute_default_unsupported: [400, 'Default values cannot be set for array or required attributes.'],
  attribute_value_invalid: [
    400,
    'The attribute value is invalid. Please check the type, range and value of the attribute.',
  ],
  column_not_found: [404, 'Column with the requested ID could not be found.'],
  column_already_exists: [409, 'Column with the requested ID already exists.'],
  column_default_unsupported: [400, 'Default values cannot be set for array or required columns.'],
  column_value_invalid: [
    400,
    'The column value is invalid. Please check the type, range and value of the column.',
  ],
} as const satisfies Record<string, readonly [number, string]>;

export type ErrorType = keyof typeof catalogue;

/** An error answered to the client as Appwrite's `{message, code, type, version}` body. */
export class AppwriteError extends Error {
  override name = 'AppwriteError' as const;
  readonly type: ErrorType;
  readonly code: number;
  constructor(type: ErrorType, message?: string) {
    const [code, description] = catalogue[type];
    super(message ?? description);
    this.type = type;
    this.code = code;
  }
}

export function errorBody(error: AppwriteError, version: string): string {
  return JSON.stringify({ message: error.message, code: error.code, type: error.type, version });
}
