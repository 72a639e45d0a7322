// Builds the web UI into ui/dist, which the Rust build embeds (tauri.conf.json's
// beforeBuildCommand, and `make`'s build_ui). Vite writes into a staging folder; only
// files whose bytes changed are copied over and the ones gone are removed. Cargo
// rebuilds the app when a file in ui/dist is newer, so rewriting unchanged files would
// recompile it (minutes in release) for nothing.
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const staging = path.join(process.env.CARGO_TARGET_DIR ?? path.join(root, "target"), "ui-dist");
const dist = path.join(root, "ui", "dist");

const vite = spawnSync(
  "npm",
  ["run", "--silent", "build", "--", "--logLevel", "warn", "--outDir", staging, "--emptyOutDir"],
  { cwd: path.join(root, "ui"), stdio: "inherit" },
);
if (vite.status !== 0) process.exit(vite.status ?? 1);

const files = (dir, base = dir) =>
  existsSync(dir)
    ? readdirSync(dir).flatMap((name) => {
        const full = path.join(dir, name);
        return statSync(full).isDirectory() ? files(full, base) : [path.relative(base, full)];
      })
    : [];

const fresh = new Set(files(staging));
for (const rel of fresh) {
  const src = path.join(staging, rel);
  const dst = path.join(dist, rel);
  if (existsSync(dst) && readFileSync(dst).equals(readFileSync(src))) continue;
  mkdirSync(path.dirname(dst), { recursive: true });
  copyFileSync(src, dst);
}
for (const rel of files(dist)) {
  if (!fresh.has(rel)) rmSync(path.join(dist, rel));
}
