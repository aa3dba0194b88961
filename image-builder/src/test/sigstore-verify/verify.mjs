// An independent check of what tagline stores: reads an image's cosign signature (.sig) and SLSA provenance
// attestation (.att) from the registry over the OCI distribution API, and verifies both with the reference
// sigstore JavaScript libraries (@sigstore/verify, @sigstore/bundle), offline, with one public key.
//
//   node verify.mjs --registry http://127.0.0.1:5000 --image acme/shop:1.0.0 --key tagline.pub
//
// Prints one JSON object; exit 0 when the signature and the provenance both verify, 1 when not, 2 on usage.
import { readFileSync } from 'node:fs';
import { createHash, createPublicKey } from 'node:crypto';
import { bundleFromJSON } from '@sigstore/bundle';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';

const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');
const SIMPLE_SIGNING = 'application/vnd.dev.cosign.simplesigning.v1+json';
const DSSE = 'application/vnd.dsse.envelope.v1+json';
const SLSA_V1 = 'https://slsa.dev/provenance/v1';
const BUNDLE_V03 = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const HINT = 'tagline';

function args(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) {
      return null;
    }
    out[argv[i].slice(2)] = argv[i + 1];
  }
  return out.registry && out.image && out.key ? out : null;
}

function parseImage(image) {
  const at = image.indexOf('@');
  if (at >= 0) {
    return { name: image.slice(0, at), reference: image.slice(at + 1) };
  }
  const colon = image.lastIndexOf(':');
  if (colon > image.lastIndexOf('/')) {
    return { name: image.slice(0, colon), reference: image.slice(colon + 1) };
  }
  return { name: image, reference: 'latest' };
}

async function get(url, accept) {
  const res = await fetch(url, { headers: accept ? { Accept: accept } : {}, signal: AbortSignal.timeout(30000) });
  if (res.status === 404) {
    return null;
  }
  if (!res.ok) {
    throw new Error(`GET ${url}: HTTP ${res.status}`);
  }
  return Buffer.from(await res.arrayBuffer());
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest();

function verifier(publicKeyPem) {
  const publicKey = createPublicKey(publicKeyPem);
  const emptyRoot = { mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1', tlogs: [], certificateAuthorities: [],
    ctlogs: [], timestampAuthorities: [] };
  const trust = toTrustMaterial(emptyRoot, () => ({ publicKey, validFor: () => true }));
  return new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, tsaThreshold: 0, timestampThreshold: 0 });
}

const verificationMaterial = { publicKey: { hint: HINT }, tlogEntries: [], timestampVerificationData: { rfc3161Timestamps: [] } };

/** A failed check, with why. */
const fail = (error) => ({ ok: false, error });

/**
 * The first layer of the manifest that cosign tags `<digest>.<suffix>` (`sha256-<hex>.sig`, `.att`) that passes
 * `check`, which answers a layer with null (not its kind), fail(why) or the result; else why the last one failed.
 */
async function firstPassingLayer(base, name, digest, suffix, noLayer, check) {
  const manifest = await get(`${base}/v2/${name}/manifests/${digest.replace(':', '-')}.${suffix}`, MANIFEST_TYPES);
  if (!manifest) {
    return fail(`no .${suffix} manifest`);
  }
  let last = noLayer;
  for (const layer of JSON.parse(manifest).layers || []) {
    const result = await check(layer);
    if (result && result.ok) {
      return result;
    }
    if (result) {
      last = result.error;
    }
  }
  return fail(last);
}

/** The cosign signature: a message-signature bundle over the stored payload, then the payload must name this image. */
async function checkSignature(v, base, name, repository, digest) {
  return firstPassingLayer(base, name, digest, 'sig', 'no simple-signing layer', async (layer) => {
    if (layer.mediaType !== SIMPLE_SIGNING) {
      return null;
    }
    const payload = await get(`${base}/v2/${name}/blobs/${layer.digest}`);
    const signature = (layer.annotations || {})['dev.cosignproject.cosign/signature'] || '';
    const bundle = bundleFromJSON({
      mediaType: BUNDLE_V03,
      verificationMaterial,
      messageSignature: { messageDigest: { algorithm: 'SHA2_256', digest: sha256(payload).toString('base64') }, signature },
    });
    try {
      v.verify(toSignedEntity(bundle, payload));
    } catch (e) {
      return fail(`signature: ${e.code || ''} ${e.message}`);
    }
    const critical = JSON.parse(payload.toString('utf8')).critical || {};
    if ((critical.image || {})['docker-manifest-digest'] !== digest) {
      return fail(`the signed payload names ${(critical.image || {})['docker-manifest-digest']}, not ${digest}`);
    }
    if ((critical.identity || {})['docker-reference'] !== repository) {
      return fail(`the signed payload names ${(critical.identity || {})['docker-reference']}, not ${repository}`);
    }
    if (critical.type !== 'cosign container image signature') {
      return fail(`critical.type is ${critical.type}`);
    }
    return { ok: true };
  });
}

/** The provenance: a DSSE-envelope bundle, then the in-toto statement must be SLSA v1 about this digest. */
async function checkProvenance(v, base, name, repository, digest) {
  return firstPassingLayer(base, name, digest, 'att', 'no SLSA provenance layer', async (layer) => {
    if (layer.mediaType !== DSSE || (layer.annotations || {}).predicateType !== SLSA_V1) {
      return null;
    }
    const envelope = JSON.parse((await get(`${base}/v2/${name}/blobs/${layer.digest}`)).toString('utf8'));
    const bundle = bundleFromJSON({ mediaType: BUNDLE_V03, verificationMaterial, dsseEnvelope: envelope });
    try {
      v.verify(toSignedEntity(bundle));
    } catch (e) {
      return fail(`DSSE: ${e.code || ''} ${e.message}`);
    }
    const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8'));
    const hex = digest.slice('sha256:'.length);
    if (statement._type !== 'https://in-toto.io/Statement/v1' || statement.predicateType !== SLSA_V1) {
      return fail(`not an in-toto v1 SLSA v1 statement: ${statement._type} ${statement.predicateType}`);
    }
    if (!(statement.subject || []).some((s) => s.name === repository && (s.digest || {}).sha256 === hex)) {
      return fail(`the statement's subject is not ${repository}@${digest}`);
    }
    const ext = statement.predicate.buildDefinition.externalParameters;
    return { ok: true, commit: ext.commit, ref: ext.ref, policyDigest: ext.policyDigest };
  });
}

async function main() {
  const a = args(process.argv.slice(2));
  if (!a) {
    process.stderr.write('usage: node verify.mjs --registry http://HOST:PORT --image NAME[:TAG|@DIGEST] --key PUBLIC.pem\n');
    return 2;
  }
  const base = a.registry.replace(/\/$/, '');
  const { name, reference } = parseImage(a.image);
  const repository = `${new URL(base).host}/${name}`;
  const image = await get(`${base}/v2/${name}/manifests/${reference}`, MANIFEST_TYPES);
  if (!image) {
    console.log(JSON.stringify({ ok: false, image: a.image, error: 'no such image' }));
    return 1;
  }
  const digest = `sha256:${sha256(image).toString('hex')}`;
  if (reference.startsWith('sha256:') && reference !== digest) {
    console.log(JSON.stringify({ ok: false, image: a.image, error: `the registry served ${digest}` }));
    return 1;
  }
  const v = verifier(readFileSync(a.key, 'utf8'));
  const signature = await checkSignature(v, base, name, repository, digest);
  const provenance = await checkProvenance(v, base, name, repository, digest);
  const ok = signature.ok && provenance.ok;
  console.log(JSON.stringify({ ok, image: a.image, digest, signature, provenance }));
  return ok ? 0 : 1;
}

main().then((code) => process.exit(code), (e) => {
  console.log(JSON.stringify({ ok: false, error: String(e && e.message ? e.message : e) }));
  process.exit(1);
});
