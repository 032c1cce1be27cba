"""A new cross-signing identity for the bot whose kept keys are lost (`matrix reset-identity`).

It runs with the bot stopped, over the bot's own store and as the bot's saved device: it makes
three new keys, keeps them in the store before the homeserver sees them, publishes them
(replacing an identity needs the account's password on Synapse), moves them in place of the old
ones, and signs the device with them. Whatever stops it leaves the old identity as it was.
"""

from __future__ import annotations

from nio import AsyncClient

from adapters.channels.matrix.client import MatrixConfig
from adapters.channels.matrix.identity import CrossSigningKeys, Identity, public_key
from adapters.channels.matrix.offline import Outcome, as_saved_device, sign_saved_device


async def reset_identity(config: MatrixConfig, within: float) -> Outcome:
    """Replace the account's cross-signing identity. Outcomes besides the frame's (see
    `offline.Outcome`): `done` (device signed too), `unsigned` (published; the device gets
    signed at the next start), or one of `Published`'s refusals."""
    return await as_saved_device(config, within, _publish_and_sign)


async def _publish_and_sign(client: AsyncClient, identity: Identity) -> Outcome:
    user_id, device_id = client.user_id, client.device_id
    status, known = await identity.own_keys(user_id, device_id)
    if status != 200:
        return Outcome("refused", status)
    keys = CrossSigningKeys.generate(user_id)
    identity.pending.save(keys)  # kept before upload: an upload never outlives its keys
    published = await identity.publish(keys)
    if published.outcome != "done":
        identity.pending.drop()
        return Outcome(published.outcome, published.status, published.url)
    identity.pending.move_to(identity.file)
    master = public_key(keys.master)
    done = await sign_saved_device(client, identity, keys, known)
    return Outcome("done" if done else "unsigned", master=master, device_id=device_id)
