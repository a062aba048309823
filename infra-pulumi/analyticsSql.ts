import * as fs from "fs";
import * as path from "path";
import { repositoryRoot } from "./repoPaths";

/** One SQL file of analytics/: a SELECT in its layer; its first comment line describes it. */
export interface AnalyticsModel {
    name: string;
    layer: string;
    description: string;
    sql: string;
}

export const analyticsLayers = ["staging", "intermediate", "marts"];

/**
 * The Athena named queries' values for the reports' parameters: the last 30 days, everyone. The services fill in
 * their own (Recommender.Core's ReportParameters); the SQL names them :from_date, :to_date, :user_id, :archived_since.
 */
export const namedQueryParameters: Record<string, string> = {
    from_date: "(current_date - INTERVAL '30' DAY)",
    to_date: "current_date",
    user_id: "CAST(NULL AS varchar)",
    archived_since: "date_format(current_date - INTERVAL '31' DAY, '%Y-%m-%d')",
};

/** The models of the repository's analytics/ folder, the one copy of the reports' SQL. */
export function readAnalyticsModels(root: string = path.join(repositoryRoot(), "analytics")): AnalyticsModel[] {
    return analyticsLayers.flatMap(layer => {
        const dir = path.join(root, layer);
        return fs.readdirSync(dir).filter(f => f.endsWith(".sql")).sort().map(f => {
            const sql = fs.readFileSync(path.join(dir, f), "utf8");
            const description = (sql.split("\n").find(l => l.startsWith("--")) ?? "").replace(/^-+\s*/, "");
            return { name: path.basename(f, ".sql"), layer, description, sql };
        });
    });
}

/** The SQL without its comment lines. */
function body(sql: string): string {
    return sql.replace(/\r\n/g, "\n").split("\n").filter(l => !l.trimStart().startsWith("--")).join("\n").trim();
}

/**
 * One statement for a mart: the models it needs as WITH clauses, each after those it needs, then the mart's SELECT,
 * with the parameters written in. The same composition as Recommender.Core's AnalyticsModels.Compose.
 */
export function composeMart(models: AnalyticsModel[], mart: string, parameters: Record<string, string>): string {
    const byName = new Map(models.map(m => [m.name, m]));
    const ordered: AnalyticsModel[] = [];
    const visit = (model: AnalyticsModel, pathSoFar: string[]) => {
        if (ordered.includes(model)) return;
        if (pathSoFar.includes(model.name)) throw new Error(`analytics model ${model.name} refers to itself through ${pathSoFar.join(" -> ")}`);
        const text = body(model.sql);
        const references = models.filter(m => m.name !== model.name && new RegExp(`\\b${m.name}\\b`).test(text))
            .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        for (const r of references) visit(r, [...pathSoFar, model.name]);
        ordered.push(model);
    };
    const target = byName.get(mart);
    if (target === undefined) throw new Error(`no analytics model named "${mart}"`);
    visit(target, []);
    const withs = ordered.slice(0, -1).map(m => `${m.name} AS (\n${body(m.sql)}\n)`);
    const sql = (withs.length > 0 ? `WITH ${withs.join(",\n")}\n` : "") + body(target.sql);
    return sql.replace(/(?<![:\w]):([a-z_]+)\b/g, (_, name: string) => {
        const value = parameters[name];
        if (value === undefined) throw new Error(`unknown report parameter :${name}`);
        return value;
    });
}
