/** Hand-written cases for sync-eval.test.ts: scopes, expressions in the subset, and some outside it. */

const record = (i: number, extra: Record<string, unknown> = {}) => ({
  Gsid: `1P02${String(i).padStart(32, 'A')}`,
  Name: ['Acme Corp', 'Acme Labs', 'Trailhead Group'][i % 3],
  Arr: [2413500, 0, 60500][i % 3],
  'Stage__gr.Name': ['Adopting', null, 'Kick Off'][i % 3],
  'Status__gr.Name': 'Active',
  RenewalDate: [1805932800000, null, 1819497600000][i % 3],
  'Csm__gr.Name': i % 2 ? null : 'Yuki Walsh',
  CurrentScore: [51, 76, null][i % 3],
  ...extra,
});

/** Scopes as the runtime builds them ({ input }, { body, status }, { input, steps }, an envelope). */
export const HAND_SCOPES: readonly unknown[] = [
  {
    input: {
      name: 'acme', limit: 10, offset: 20, zero: 0, no: false, empty: '', nothing: null, tags: ['a', 'b'], one: ['only'],
      nested: [[1, 2], [3], []], deep: { list: [{ id: 1, v: [1, 2] }, { id: 2, v: [] }, { id: 3 }] },
      comments: 'First para, <b>bold</b> & "quoted".\r\n\r\n  Second\nline  \n\n\n', state: 'open', companyId: '1P02ABCDEFGHIJKLMNOPQRSTUVWXYZ012345',
    },
    body: { data: { records: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => record(i)), success: [{ Gsid: '1S01X', created: false, referenceId: 'r-1' }], totalCount: 42 } },
    steps: { companies: [record(1), record(2)], ctas: [{ CompanyId: record(1).Gsid, Name: 'Call' }], single: { id: 'n-9' }, none: null },
    status: 200,
  },
  { input: {}, body: { data: { records: [] } }, steps: {} },
  { input: { tags: [], name: '', limit: 0 }, body: { data: { records: [record(0)], success: [{ Gsid: '1S01Y' }] } } },
  { input: null, body: null, steps: null },
  { input: { tags: [[], [[]], ['x']] }, body: { data: { records: [[record(0)], [record(1), record(2)]], success: [] } } },
  { input: { name: 'Z', limit: 3, tags: 'solo' }, body: { data: { records: { Gsid: 'solo', Name: 'Solo Inc', RenewalDate: 0 }, success: { created: true } } } },
  { input: { name: 'acme', comments: '', important: false, dueDate: '2026-03-31', type: 'Risk' } },
  { result: false, errorCode: 'GSOBJ_1011', errorDesc: 'Not found' },
  { result: true, errorCode: null, data: {} },
];

export const HAND_EXPRESSIONS: readonly string[] = [
  // literals
  "'text'", '1.5', '-3', 'true', 'false', 'null', '"a" & "b"',
  // names, paths and JSONata's sequences: mapping, flattening, singletons, empty → undefined
  'input', 'input.name', 'input.missing', 'input.missing.deeper', 'input.tags', 'input.one', 'input.nested', 'input.nested.x',
  'input.deep.list.id', 'input.deep.list.v', 'input.deep.list.v.x', '`input`.`name`', "input.'name'", 'body.data.records.Name',
  'body.data.records.`Stage__gr.Name`', 'steps.single.id', 'steps.none.id', 'status',
  // predicates and indexes, in and out of range, negative, per step
  'input.tags[0]', 'input.tags[1]', 'input.tags[2]', 'input.tags[-1]', 'input.tags[-3]', 'input.tags[0.7]', 'input.nested[0]', 'input.nested[1]',
  'input.nested[0][1]', 'input.deep.list[0]', 'input.deep.list[0].v', 'input.deep.list.v[0]', 'input.deep.list[id > 1].id',
  'input.deep.list[id = 2]', 'input.deep.list[v]', 'input.deep.list[v][0]', "input.tags[$ = 'b']", 'input.tags[[0, 1]]', 'input.tags[[1..5]]',
  'body.data.records[0].Name', 'body.data.records[Arr > 100000].Name', 'body.data.success[0]', 'body.data.success[0].created',
  // keepArray: `[]` after a step
  'input.tags[]', 'input.one[]', 'input.name[]', 'input.missing[]', 'input.deep.list[].id', 'input.deep.list.id[]', 'body.data.records[0][]',
  // array constructors
  '[]', '[input.missing]', '[input.tags]', '[input.one]', '[input.tags, input.one]', '[[input.tags], input.one]', '[input.nested]',
  '[body.data.records.Name]', '[body.data.records.Name][0]', '[body.data.records.Name][-1]', 'body.data.records.[Name, Arr]', '[1, [2, 3], [[4]]]',
  'input.tags.[$]', '[input.deep.list.v]', '[input.deep.list.v][1]', '[input.name, input.limit][1]',
  // object constructors: key order, undefined values, dynamic keys, over arrays
  '{}', "{ 'a': input.missing }", "{ 'b': 1, 'a': 2, '10': 3, '2': 4, 'x': input.name }", '{ input.name: 1 }', "{ 'a': 1, 'a': 2 }",
  "{ input.name: 1, 'acme': 2 }", "{ 'x': input.tags, 'y': input.one, 'z': input.nested }", "input.deep.list.{ 'id': id, 'v': v }",
  "body.data.records.{ 'n': Name }[0]", "[body.data.records.{ 'n': Name, 'd': RenewalDate ? $fromMillis(RenewalDate, '[Y0001]-[M01]-[D01]') }]",
  "input.nested.{ 'x': $ }", "{ 'k': input.deep.list.id }", '{ input.tags: 1 }', "{ 'a': { 'b': { 'c': input.name } } }",
  // variables: context, root
  '$', '$.input.name', '$$.input.name', 'input.tags.$', "input.tags.($ & '!')", 'input.deep.list.($$.input.name & id)',
  // conditions and truthiness
  "input.name ? 'y' : 'n'", "input.empty ? 'y' : 'n'", "input.zero ? 'y'", 'input.tags ? 1 : 2', 'input.nothing ? 1 : 2',
  'input.deep ? 1 : 2', '{} ? 1 : 2', '[] ? 1 : 2', '[0, false] ? 1 : 2', '[0, 1] ? 1 : 2', 'input.missing ? 1 : 2', 'input.nested ? 1 : 2',
  // comparison, equality, boolean operators, in
  'input.limit = 10', "input.name = 'acme'", "input.tags = ['a', 'b']", 'input.deep = input.deep', 'input.missing = null',
  'input.nothing = null', 'input.limit != 10', 'input.missing != 1', 'input.limit < 20', "input.name < 'b'", 'input.name < 5',
  'input.missing < 5', "input.tags > 'a'", 'input.limit >= 10 and input.name', 'input.zero or input.empty', 'input.missing and true',
  "'a' in input.tags", "input.name in ['acme']", 'input.missing in input.tags', 'input.tags in input.tags', 'result = false',
  "errorCode = 'GSOBJ_1011'",
  // arithmetic, ranges, negation
  'input.limit + 1', 'input.limit * 2 - 3 / 4', 'input.offset % 7', 'input.name + 1', 'input.missing + 1', '-input.limit', '-input.name',
  '1 / 0', '[1..5]', '[input.limit..input.limit + 3]', '[5..1]', '[1.5..3]', '[0..2][$ > 0]', '[input.limit..input.limit * 10][input.offset % $ <= $ - input.limit][0]',
  // string concatenation ($string rules)
  "input.name & '!'", "input.limit & ''", "input.tags & ''", "input.deep & ''", "input.missing & 'x'", "input.nothing & 'x'",
  'input.no & input.zero', "2.5 & ''", "(0.1 + 0.2) & ''", "body.data.records[0] & ''",
  // blocks and bindings
  '( $a := input.limit; $b := $a * 2; $b + $a )', '( $x := input.tags; $x[1] )', '( $a := 1; ( $a := 2 ); $a )', '( $a := 1; ( $a := 2; $a ) )',
  '()', '( input.name )', '$a := 5', '( $r := body.data.success[0]; $r.created = false ? "again" )', '( $sort := { "a": 1 }; $lookup($sort, "a") )',
  '( $count := 3; $count )', 'input.deep.list.( $i := id; $i * 2 )',
  // builtins through JSONata's implementations
  '$exists(input.missing)', '$exists(input.nothing)', '$count(input.tags)', '$count(input.missing)', '$count(input.name)', '$string(input.limit)',
  '$string(input.deep)', 'input.tags.$string()', '$string(input.name, true)', "$fromMillis(1767225600000, '[Y0001]-[M01]-[D01]')",
  '$fromMillis(input.name)', '$fromMillis(input.missing)', '$fromMillis(body.data.records.RenewalDate)', "$join(input.tags, ',')", '$join(input.name)',
  '$join([1, 2])', '$keys(input)', '$keys(input.deep.list)', "$lookup(input, 'name')", "$merge([{ 'a': 1 }, { 'b': 2 }])", '$append(input.tags, input.one)',
  '$append([], [])', '$type(input.deep)', '$type(input.missing)', '$not(input.zero)', '$boolean(input.tags)', '$sum([1, 2, 3])', '$sum(input.tags)',
  '$max([1, 5])', '$round(2.567, 2)', '$floor(input.limit / 3)', "$number('12')", "$number('x')", '$substring(input.name, 1, 2)',
  '$length(input.name)', '$uppercase(input.name)', '$trim(input.comments)', "$contains(input.name, 'cm')", '$contains(input.name, /C/i)',
  '$split(input.comments, /\\n\\s*\\n/)', "$split('a,b,,c', ',', 2)", "$replace(input.comments, /(\\w+)/, '[$1]')", "$replace('aaa', 'a', 'b', 2)",
  "$replace(input.name, /x*/, '-')", "$replace(input.comments, /^\\s+|\\s+$/, '')", '$distinct([1, 1, 2])', '$reverse(input.tags)',
  "$spread({ 'a': 1, 'b': 2 })", '$zip([1, 2], [3, 4])', '$idempotencyKey(input)', 'input.$idempotencyKey()', "$error('boom')",
  "$assert(false, 'no')", '$assert(true)', "$pad('x', 3, '-')", "$base64encode('hi')", "$formatNumber(1234.5, '#,##0.00')",
  "$formatInteger(12, 'w')", '$average([1, 2])', '$abs(-2)', '$sqrt(-1)', '$power(2, 10)', "$encodeUrlComponent('a b')",
  "$substringBefore('a-b', '-')", '$count($keys(input)) > 1 ? true : $error("nothing to change")',
  // lambdas: calls, closures, recursion, tail calls (JSONata's thunks), the lambda's own context
  '( $f := function($x) { $x * 2 }; $f(input.limit) )', "( $f := function($x, $y) { $x & $y }; $f('a') )",
  '( $fact := function($n) { $n <= 1 ? 1 : $n * $fact($n - 1) }; $fact(5) )',
  '( $loop := function($n, $acc) { $n <= 0 ? $acc : $loop($n - 1, $acc + $n) }; $loop($count(input.tags) * 20, 0) )',
  '( $f := function($x) { $uppercase($x) }; input.tags.$f($) )', '( $f := function() { $string() }; input.tags.$f() )',
  '( $f := function($x) { ( $y := $x; $count($y) ) }; $f(input.tags) )', '( $a := 5; $f := function($x) { $x + $a }; ( $a := 100; $f(1) ) )',
  '( $f := function() { name }; input.$f() )', '( $f := function($x) { $x }; $f(input.tags) )', '( $f := function($x) { $x }; $f(input.one) )',
  '( $f := function($x) { $x[] }; $f(input.one) )', '( $day := function($ms) { $ms ? $fromMillis($ms, "[Y0001]-[M01]-[D01]") }; $day(1767225600000) )',
  '( $g := function($x) { $x + 1 }; $f := function($x) { $g($x) }; $f(2) )', '( $f := function($x) { $x ? $f($x[1]) : "end" }; $f(input.nested) )',
  '( $f := function($s) { $s = null ? "none" : $s <= 50 ? "Red" : "Green" }; body.data.records.$f(CurrentScore) )',
];

/** Expressions the sync compiler must refuse (non-deterministic, async or not yet ported). */
export const NOT_IN_SUBSET: readonly string[] = [
  '$now()', '$millis()', '$random()', '$shuffle([1, 2])', 'input.*', 'input.**', 'input.tags^($)', 'input.deep.list{ $string(id): v }',
  'input.deep.list@$l.id', 'input.deep.list#$i.id', 'input.deep.list.%.name', '$map(input.tags, function($v) { $v })', '$sort(input.tags)',
  'input.tags ~> $count()', 'function($x) { $x }', '[function($x) { $x }]', '$string', '$undefinedVariable', '[$a := 1, $a]',
  "{ 'a': $a := 1 }", '$substring(?, 1)', "| input | { 'a': 1 } |", "$eval('1')", "$match('a', /a/)", "$toMillis('2026-01-01')",
  '( $f := function($x)<n:n> { $x }; $f(1) )', '( $f := function($x) { $x } )', "$split('a', /a/)[0] ~> $string()",
  '( $f := function($x) { ($x)[0] }; $f(1) )', '$string(/a/)',
];
