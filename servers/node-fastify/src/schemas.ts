/**
 * JSON Schemas of the API. Fastify uses them three ways: Ajv validates the query string,
 * @fastify/response-validation validates every response body before it is sent, and
 * fast-json-stringify compiles a serialiser from them; @fastify/swagger publishes them as OpenAPI.
 */
export const user = {
  $id: 'User',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'email'],
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    email: { type: 'string' },
  },
} as const;

export const userList = {
  $id: 'UserList',
  type: 'object',
  additionalProperties: false,
  required: ['users'],
  properties: {
    users: { type: 'array', items: { $ref: 'User#' } },
  },
} as const;

/** Every error this API returns, whatever went wrong: no stack, SQL or connection details. */
export const errorBody = {
  $id: 'Error',
  type: 'object',
  additionalProperties: false,
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string' },
    message: { type: 'string' },
  },
} as const;

export const usersQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 50, description: 'How many users to return.' },
  },
} as const;

export const health = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string' } },
} as const;

export const errorResponses = {
  422: { $ref: 'Error#', description: 'The request is invalid' },
  500: { $ref: 'Error#', description: 'Something failed on the server (for example the database is unreachable)' },
} as const;
