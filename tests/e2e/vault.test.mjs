// The vault through the real app's IPC: a two-partner vault is set up, locked and
// unlocked; a check-in is saved and read back; partner 1 cannot read partner 2's private
// check-in. Afterwards nothing the partners wrote is anywhere under the app's folders
// (data, WebKit's storage and caches, temp): SECURITY.md requirements 1, 2, 4 and 5.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { invokeErr, invokeOk, start } from "./harness.mjs";

const P1 = "maple leaves in autumn";
const P2 = "river stones at dusk";
const NAME1 = "Marigold-Okonkwo";
const NAME2 = "Thaddeus-Vanterpool";
const stamp = Date.now().toString(36);
const NOTE1 = `partner one note ${stamp}`;
const NOTE2 = `partner two private ${stamp}`;

let app;
let home;
before(async () => {
  app = await start({ keepHome: true });
  home = app.home;
});
after(async () => {
  await app?.stop();
  if (home) rmSync(home, { recursive: true, force: true });
});

const ok = (command, input) => invokeOk(app.browser, command, input);
const fails = (command, input) => invokeErr(app.browser, command, input);

function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

test("two partners, lock and unlock, a check-in round trip, and privacy between partners", async () => {
  assert.equal((await ok("vault_status")).state, "none");

  const one = await ok("vault_create", { name: NAME1, role: "ap", colour: 2, passphrase: P1 });
  assert.equal(one.slot, 1);
  assert.match(one.recovery_code, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){7}$/);
  const two = await ok("vault_add_partner", { name: NAME2, role: "op", colour: 5, passphrase: P2 });
  assert.equal(two.slot, 2);
  assert.notEqual(two.recovery_code, one.recovery_code);

  await ok("vault_lock");
  const locked = await ok("vault_status");
  assert.equal(locked.state, "locked");
  assert.deepEqual(
    locked.profiles.map((p) => [p.slot, p.label, p.colour]),
    [
      [1, "Partner 1", 2],
      [2, "Partner 2", 5],
    ],
  );
  assert.ok(!JSON.stringify(locked).includes(NAME1) && !JSON.stringify(locked).includes(NAME2));
  assert.equal((await fails("checkin_list")).code, "locked");
  assert.equal((await fails("vault_unlock", { slot: 1, passphrase: "not the passphrase" })).code, "wrong_passphrase");
  assert.equal((await fails("vault_unlock", { slot: "one" })).code, "validation");

  // Partner 2 writes a private check-in, with a safety answer of "no".
  const me2 = await ok("vault_unlock", { slot: 2, passphrase: P2 });
  assert.equal(me2.me.name, NAME2);
  assert.equal(me2.partner.name, NAME1);
  const date = today();
  await ok("checkin_save", { date, stance: -2, safety: "no", note: NOTE2, share: { numbers: "private", note: "private" } });
  const back = await ok("checkin_get", { date });
  assert.equal(back.note, NOTE2);
  assert.equal(back.stance, -2);
  await ok("lock_now");
  assert.equal((await ok("vault_status")).state, "locked");

  // Partner 1 saves and reads their own; nothing of partner 2's private check-in shows.
  await ok("vault_unlock", { slot: 1, passphrase: P1 });
  assert.equal(await ok("checkin_get", { date }), null);
  await ok("checkin_save", { date, stance: 1, note: NOTE1, share: { numbers: "partner", note: "private" } });
  const mine = await ok("checkin_get", { date });
  assert.equal(mine.note, NOTE1);
  assert.equal(mine.stance, 1);
  assert.deepEqual(await ok("checkin_partner_list"), []);
  const everything = JSON.stringify([
    await ok("checkin_list"),
    await ok("checkin_partner_list"),
    await ok("journal_partner_list"),
    await ok("task_partner_list"),
    await ok("vault_me"),
  ]);
  assert.ok(!everything.includes(NOTE2), "partner 2's private note reached partner 1");
  assert.ok(!everything.includes('"no"'), "partner 2's safety answer reached partner 1");

  // Partner 2 sees partner 1's shared numbers, not the private note.
  await ok("vault_lock");
  await ok("vault_unlock", { slot: 2, passphrase: P2 });
  const shared = await ok("checkin_partner_list");
  assert.equal(shared.length, 1);
  assert.equal(shared[0].numbers.stance, 1);
  assert.equal(shared[0].note, undefined);
  await ok("vault_lock");
  await app.screenshot("vault-locked");
});

test("after the app closes, nothing written is anywhere under its folders", async () => {
  const { dataDir } = app;
  await app.stop();
  app = null;
  const needles = [NOTE1, NOTE2, NAME1, NAME2, P1, P2, stamp].flatMap((s) => {
    const utf8 = Buffer.from(s, "utf8");
    return [utf8, Buffer.from(s, "utf16le"), Buffer.from(utf8.toString("hex")), Buffer.from(utf8.toString("base64").slice(0, -4))];
  });
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) files.push(p);
    }
  };
  walk(home);
  assert.ok(files.some((f) => f.startsWith(dataDir)), "the vault wrote its files");
  for (const f of files) {
    const content = readFileSync(f);
    for (const n of needles) {
      assert.ok(!content.includes(n), `${JSON.stringify(n.toString())} found in ${path.relative(home, f)}`);
    }
  }
});
