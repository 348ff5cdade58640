import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppwriteRequestError } from './errors.ts';

describe('AppwriteRequestError', () => {
  it('names the route, the expected and the given status, and Appwrite’s error type', () => {
    const body = '{"message":"Database not found","code":404,"type":"database_not_found","version":"1.9.6"}';
    const error = new AppwriteRequestError('GET /tablesdb/{db}', [200], 404, body);
    assert.equal(
      error.message,
      'GET /tablesdb/{db}: expected status 200, got 404: database_not_found: Database not found',
    );
    assert.equal(error.type, 'database_not_found');
  });

  it('tells a timeout from a refused connection when no response came', () => {
    const timeout = new AppwriteRequestError('POST /users', [201], 0, null, {
      errorCode: 1050,
      error: 'request timeout',
    });
    assert.equal(
      timeout.message,
      'POST /users: expected status 201, got no response (k6 error_code 1050: request timeout)',
    );
    const refused = new AppwriteRequestError('POST /users', [201], 0, null, {
      errorCode: 1212,
      // k6's own words for it (grafana/k6 lib/netext/httpext/error_codes.go).
      error: 'dial: connection refused',
    });
    assert.match(refused.message, /no response \(k6 error_code 1212: dial: connection refused\)$/);
    assert.match(
      new AppwriteRequestError('POST /users', [201], 0, null).message,
      /no response \(no detail\)$/,
    );
  });
});
