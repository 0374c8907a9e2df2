// A software authenticator for tests: real WebAuthn responses (P-256 keys from node:crypto, CBOR
// attestation objects in the "none" format, ECDSA signatures over authenticator data and the client
// data hash), so the server's verification (@simplewebauthn/server) runs exactly as for a browser.
// Each answer can be bent the way an attacker or a broken client would: another origin, another RP
// ID, a chosen signature counter. The browser tests use Chromium's own virtual authenticator.
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import type { AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { isoCBOR } from '@simplewebauthn/server/helpers';

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

interface Held {
  privateKey: KeyObject;
  rpId: string;
  userHandle: string;
  counter: number;
}

export interface Bend {
  /** The origin the "browser" reports (default: the authenticator's). */
  origin?: string;
  /** The RP ID whose hash goes into the authenticator data (default: the options'). */
  rpId?: string;
  /** The signature counter to report (default: one more than the last). */
  counter?: number;
}

export class SoftAuthenticator {
  readonly credentials = new Map<string, Held>();

  constructor(private readonly origin: string) {}

  /** navigator.credentials.create(): a new P-256 credential for the options' RP and user. */
  create(options: PublicKeyCredentialCreationOptionsJSON, bend: Bend = {}): RegistrationResponseJSON {
    const rpId = bend.rpId ?? options.rp.id!;
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const cose = isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, new Uint8Array(Buffer.from(jwk.x!, 'base64url'))],
        [-3, new Uint8Array(Buffer.from(jwk.y!, 'base64url'))],
      ]),
    );
    const credentialId = randomBytes(16);
    const counter = bend.counter ?? 0;
    const authData = Buffer.concat([
      sha256(rpId),
      Buffer.from([0x45]), // user present, user verified, attested credential data
      u32(counter),
      Buffer.alloc(16), // AAGUID: none
      Buffer.from([0, credentialId.length]),
      credentialId,
      Buffer.from(cose),
    ]);
    const attestationObject = isoCBOR.encode(new Map<string, string | Uint8Array | Map<string, never>>([['fmt', 'none'], ['attStmt', new Map<string, never>()], ['authData', new Uint8Array(authData)]]));
    const clientData = JSON.stringify({ type: 'webauthn.create', challenge: options.challenge, origin: bend.origin ?? this.origin, crossOrigin: false });
    const id = b64url(credentialId);
    this.credentials.set(id, { privateKey, rpId, userHandle: options.user.id, counter });
    return {
      id,
      rawId: id,
      type: 'public-key',
      response: { clientDataJSON: b64url(Buffer.from(clientData)), attestationObject: b64url(attestationObject), transports: ['internal'] },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /** navigator.credentials.get(): an assertion by `credentialId` (default: the first held). */
  get(options: PublicKeyCredentialRequestOptionsJSON, bend: Bend & { credentialId?: string } = {}): AuthenticationResponseJSON {
    const id = bend.credentialId ?? [...this.credentials.keys()][0]!;
    const held = this.credentials.get(id);
    if (!held) throw new Error(`no credential ${id}`);
    held.counter = bend.counter ?? held.counter + 1;
    const authData = Buffer.concat([sha256(bend.rpId ?? options.rpId ?? held.rpId), Buffer.from([0x05]), u32(held.counter)]);
    const clientData = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: options.challenge, origin: bend.origin ?? this.origin, crossOrigin: false }));
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientData)]), held.privateKey);
    return {
      id,
      rawId: id,
      type: 'public-key',
      response: { clientDataJSON: b64url(clientData), authenticatorData: b64url(authData), signature: b64url(signature), userHandle: held.userHandle },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }
}
