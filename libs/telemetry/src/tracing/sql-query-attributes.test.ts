import { describe, expect, it } from 'vitest';
import { sqlQueryAttributes } from './sql-query-attributes.ts';

describe('sqlQueryAttributes', () => {
  it('names the operation by the first keyword and keeps a parameterized statement', () => {
    const statement = 'select "token", "spend_1" from "verification_token" where "token" = $1 limit $2';
    expect(sqlQueryAttributes(statement)).toEqual({ name: 'SELECT', attributes: { 'db.system': 'postgresql', 'db.operation': 'SELECT', 'db.statement': statement } });
    expect(sqlQueryAttributes('  (with x as (select $1) select * from x)').name).toBe('WITH');
    expect(sqlQueryAttributes('begin').attributes['db.statement']).toBe('begin');
  });

  it('leaves out a statement holding a string, dollar-quoted or numeric literal', () => {
    for (const statement of ["select * from t where key = 'sk-secret'", "select E'x'", 'select $$sk-secret$$', 'select $tag$x$tag$', 'select * from t limit 10', 'update t set spend = spend + 0.5']) {
      const { attributes } = sqlQueryAttributes(statement);
      expect(attributes['db.statement'], statement).toBeUndefined();
      expect(attributes['db.operation']).toMatch(/^(SELECT|UPDATE)$/);
    }
  });

  it('calls a statement that starts with no keyword QUERY', () => {
    expect(sqlQueryAttributes('').name).toBe('QUERY');
  });
});
