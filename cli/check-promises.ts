/**
 * Floating promises: with an async data layer (decision 83) a statement whose Promise is neither
 * awaited, returned, nor handed on runs out of order and its failure becomes an unhandled
 * rejection. The project has no ESLint; this is typescript-eslint's `no-floating-promises` and the
 * "void-return callback" half of `no-misused-promises`, done with the TypeScript checker over the
 * project (tsconfig.json). Reported:
 *
 * - an expression statement whose value is a Promise (or any thenable), unless written `void …`
 *   (deliberately not awaited: the callee must catch its own errors), assigned (kept to be awaited
 *   later), or ended by `.catch(handler)` / `.then(onFulfilled, onRejected)`;
 * - a function returning a Promise written where the type asks for a function returning `void`
 *   (its result is ignored): `forEach`, timers, event listeners, and the project's own callbacks
 *   typed `=> void`. Not in JSX attributes: React's event handlers run in the browser, away from the
 *   data layer, and an async `onClick` is the usual way to write one.
 *
 * `npm run check:promises` exits 1 and lists file:line for each. test/unit/check-promises.test.ts
 * proves it finds both kinds.
 */
import path from "node:path";
import ts from "typescript";

export interface Finding {
  file: string;
  line: number;
  text: string;
  kind: "floating" | "callback";
}

function isThenable(checker: ts.TypeChecker, type: ts.Type): boolean {
  if (type.isUnion()) return type.types.some((t) => isThenable(checker, t));
  const then = type.getProperty("then");
  if (!then) return false;
  const thenType = checker.getTypeOfSymbol(then);
  return thenType.getCallSignatures().length > 0;
}

function returnsThenable(checker: ts.TypeChecker, fn: ts.ArrowFunction | ts.FunctionExpression): boolean {
  if (fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return true;
  const signature = checker.getSignatureFromDeclaration(fn);
  return signature ? isThenable(checker, checker.getReturnTypeOfSignature(signature)) : false;
}

/** The place a function is written asks for one whose result is ignored (every signature returns void). */
function expectsVoidReturn(checker: ts.TypeChecker, fn: ts.Expression): boolean {
  const contextual = checker.getContextualType(fn);
  if (!contextual) return false;
  const signatures = (contextual.isUnion() ? contextual.types : [contextual]).flatMap((t) => t.getCallSignatures());
  return signatures.length > 0 && signatures.every((sig) => (checker.getReturnTypeOfSignature(sig).flags & ts.TypeFlags.Void) !== 0);
}

/** `void p`, `await p`, `x = p`, `p.catch(h)`, `p.then(a, b)`: the statement does something with the Promise. */
function handled(expr: ts.Expression): boolean {
  if (ts.isVoidExpression(expr) || ts.isAwaitExpression(expr)) return true;
  if (ts.isBinaryExpression(expr) && expr.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && expr.operatorToken.kind <= ts.SyntaxKind.LastAssignment) return true;
  if (ts.isCallExpression(expr) && ts.isPropertyAccessExpression(expr.expression)) {
    const method = expr.expression.name.text;
    if (method === "catch" && expr.arguments.length >= 1) return true;
    if (method === "then" && expr.arguments.length >= 2) return true;
  }
  return false;
}

function inJsxAttribute(node: ts.Node): boolean {
  for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
    if (ts.isJsxAttribute(at)) return true;
    if (ts.isFunctionLike(at) || ts.isSourceFile(at)) return false;
  }
  return false;
}

/** Findings in the given source files of a program (all of its own files when omitted). */
export function findFloatingPromises(program: ts.Program, only?: (file: ts.SourceFile) => boolean): Finding[] {
  const checker = program.getTypeChecker();
  const findings: Finding[] = [];
  for (const source of program.getSourceFiles()) {
    if (source.isDeclarationFile || source.fileName.includes("/node_modules/")) continue;
    if (only && !only(source)) continue;
    const report = (node: ts.Node, kind: Finding["kind"]) => {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      findings.push({ file: source.fileName, line: line + 1, text: node.getText(source).split("\n")[0]!.slice(0, 120), kind });
    };
    const visit = (node: ts.Node): void => {
      if (ts.isExpressionStatement(node)) {
        const expr = node.expression;
        if (!handled(expr) && isThenable(checker, checker.getTypeAtLocation(expr))) report(node, "floating");
      }
      if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && !inJsxAttribute(node) && returnsThenable(checker, node) && expectsVoidReturn(checker, node))
        report(node, "callback");
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return findings;
}

export function projectProgram(configPath = path.resolve("tsconfig.json")): ts.Program {
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, path.dirname(configPath));
  return ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, noEmit: true } });
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("check-promises.ts")) {
  const findings = findFloatingPromises(projectProgram());
  for (const f of findings)
    console.log(`${path.relative(process.cwd(), f.file)}:${f.line}: ${f.kind === "floating" ? "Promise not awaited" : "async callback whose result is ignored"}: ${f.text}`);
  console.log(`${findings.length} finding(s)`);
  process.exit(findings.length ? 1 : 0);
}
