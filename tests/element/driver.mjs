// A person on Element's client stack (matrix-js-sdk with its Rust crypto), driven over JSON lines.
//
// stdin: one command a line, {"id": n, "cmd": ..., ...}; stdout: {"id": n, "ok": true, ...}
// or {"id": n, "ok": false, "error": ...} for each, and {"event": "message", ...} for every
// message from someone else once it is decrypted (or has failed to decrypt).
import "fake-indexeddb/auto";
import readline from "node:readline";
import * as sdk from "matrix-js-sdk";
import {
    OnlySignedDevicesIsolationMode,
    decodeRecoveryKey,
} from "matrix-js-sdk/lib/crypto-api/index.js";

// the SDK logs to the console; stdout is ours, so everything else goes to stderr
for (const name of ["trace", "debug", "info", "log", "warn", "error"]) {
    console[name] = (...args) => process.stderr.write(args.map(String).join(" ") + "\n");
}

let client = null;
let me = null;
const reported = new Set();

function emit(obj) {
    process.stdout.write(JSON.stringify(obj) + "\n");
}

function report(event) {
    if (event.isBeingDecrypted() || event.getSender() === me) return;
    const type = event.getType();
    if (type !== "m.room.message" && !event.isDecryptionFailure()) return;
    const id = event.getId();
    if (!id || reported.has(id)) return;
    reported.add(id);
    const content = event.getContent();
    emit({
        event: "message",
        room: event.getRoomId(),
        sender: event.getSender(),
        event_id: id,
        encrypted: event.isEncrypted(),
        failure: event.isDecryptionFailure() ? String(event.decryptionFailureReason) : null,
        body: content.body ?? null,
        formatted_body: content.formatted_body ?? null,
        relates_to: content["m.relates_to"] ?? null,
        mentions: content["m.mentions"] ?? null,
    });
}

async function shieldOf(eventId, roomId) {
    const room = client.getRoom(roomId);
    const event = room?.findEventById(eventId);
    if (!event) return null;
    const info = await client.getCrypto().getEncryptionInfoForEvent(event);
    return info ? { colour: info.shieldColour, reason: info.shieldReason } : null;
}

// with `recovery_key`, as Element's "verify with recovery key": the account's cross-signing keys
// come from its secret storage and sign this new device; without, a new identity is made
async function login({ base_url, user_id, password, recovery_key }) {
    const bare = sdk.createClient({ baseUrl: base_url });
    const answer = await bare.login("m.login.password", {
        identifier: { type: "m.id.user", user: user_id },
        password,
        initial_device_display_name: "Element test",
    });
    me = answer.user_id;
    client = sdk.createClient({
        baseUrl: base_url,
        userId: answer.user_id,
        deviceId: answer.device_id,
        accessToken: answer.access_token,
        cryptoCallbacks: {
            getSecretStorageKey: async ({ keys }) => {
                if (!recovery_key) return null;
                return [Object.keys(keys)[0], decodeRecoveryKey(recovery_key)];
            },
        },
    });
    await client.initRustCrypto({ useIndexedDB: false });
    const crypto = client.getCrypto();
    if (!recovery_key) {
        await crypto.bootstrapCrossSigning({
            setupNewCrossSigning: true,
            authUploadDeviceSigningKeys: async (makeRequest) => {
                await makeRequest({
                    type: "m.login.password",
                    identifier: { type: "m.id.user", user: answer.user_id },
                    password,
                });
            },
        });
    }
    crypto.setDeviceIsolationMode(new OnlySignedDevicesIsolationMode());
    client.on(sdk.RoomEvent.Timeline, (event) => report(event));
    client.on(sdk.MatrixEventEvent.Decrypted, (event) => report(event));
    client.on(sdk.RoomMemberEvent.Membership, (event, member) => {
        if (member.userId === me && member.membership === "invite") {
            client.joinRoom(member.roomId).catch(() => {});
        }
    });
    await new Promise((resolve) => {
        client.once(sdk.ClientEvent.Sync, () => resolve());
        client.startClient({ initialSyncLimit: 20 });
    });
    if (recovery_key) {
        // as Element after sign-in: the account's public keys known first, then the private
        // ones read from secret storage, and this device signed with them
        await crypto.getUserDeviceInfo([me], true);
        await crypto.bootstrapCrossSigning({
            authUploadDeviceSigningKeys: async () => {
                throw new Error("asked to make a new identity");
            },
        });
    }
    return {
        user_id: me,
        device_id: answer.device_id,
        master: (await crypto.getCrossSigningKeyId()) ?? null,
        secret_storage_ready: await crypto.isSecretStorageReady(),
    };
}

async function dm({ bot, text }) {
    // exactly as Element creates an encrypted DM, and its first message right away
    const { room_id } = await client.createRoom({
        is_direct: true,
        invite: [bot],
        preset: "trusted_private_chat",
        initial_state: [
            { type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } },
        ],
    });
    // Element shows the new room with the invite before anyone can type in it; the bot may
    // already have joined by the time this client's sync shows the room
    await waitForRoom(room_id, (room) =>
        ["invite", "join"].includes(room.getMember(bot)?.membership ?? ""),
    );
    const sent = text === undefined ? null : await send({ room: room_id, text });
    return { room: room_id, event_id: sent?.event_id ?? null };
}

async function room({ name, invite, preset }) {
    const { room_id } = await client.createRoom({
        name,
        invite: invite ?? [],
        preset: preset ?? "public_chat",
        initial_state: [
            { type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } },
        ],
    });
    await waitForRoom(room_id);
    return { room: room_id };
}

async function waitForRoom(roomId, ready = () => true) {
    for (let i = 0; i < 1200; i++) {
        const room = client.getRoom(roomId);
        if (room && ready(room)) return;
        await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`room ${roomId} not ready in time`);
}

async function send({ room, text, thread, mention }) {
    const content = { msgtype: "m.text", body: text };
    if (mention) content["m.mentions"] = { user_ids: [mention] };
    if (thread) {
        content["m.relates_to"] = {
            rel_type: "m.thread",
            event_id: thread,
            is_falling_back: true,
            "m.in_reply_to": { event_id: thread },
        };
    }
    const { event_id } = await client.sendEvent(room, "m.room.message", content);
    return { event_id };
}

async function trust({ user }) {
    const crypto = client.getCrypto();
    const devices = await crypto.getUserDeviceInfo([user], true);
    const identity = await crypto.getUserVerificationStatus(user);
    const result = {
        identity: {
            cross_signing_verified: identity.isCrossSigningVerified(),
            was_verified: identity.wasCrossSigningVerified(),
            needs_approval: identity.needsUserApproval,
        },
        devices: {},
    };
    for (const deviceId of (devices.get(user) ?? new Map()).keys()) {
        const status = await crypto.getDeviceVerificationStatus(user, deviceId);
        result.devices[deviceId] = {
            signed_by_owner: status?.signedByOwner ?? false,
            cross_signing_verified: status?.crossSigningVerified ?? false,
            locally_verified: status?.localVerified ?? false,
        };
    }
    return result;
}

const commands = {
    login,
    dm,
    room,
    send,
    trust,
    shield: ({ room, event_id }) => shieldOf(event_id, room).then((shield) => ({ shield })),
    join: ({ room }) => client.joinRoom(room).then(() => ({})),
    stop: async () => {
        client?.stopClient();
        setTimeout(() => process.exit(0), 50);
        return {};
    },
};

const lines = readline.createInterface({ input: process.stdin });
lines.on("line", async (line) => {
    let request;
    try {
        request = JSON.parse(line);
        const answer = await commands[request.cmd](request);
        emit({ id: request.id, ok: true, ...answer });
    } catch (error) {
        emit({ id: request?.id ?? null, ok: false, error: String(error?.stack ?? error) });
    }
});
lines.on("close", () => {
    client?.stopClient();
    process.exit(0);
});
