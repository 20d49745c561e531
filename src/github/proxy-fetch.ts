// The proxy path of dxfix's REST client, loaded only when a proxy variable applies to the
// API URL (self-hosted runners behind a proxy): @actions/http-client's dispatcher (it
// reads https_proxy/no_proxy as every action does) with undici's fetch, as @actions/github
// does. Kept out of the main bundle: undici is about 400 KiB that most runs never need.
import { HttpClient } from "@actions/http-client";
import { fetch as undiciFetch } from "undici";

export function proxyFetch(baseUrl: string): typeof globalThis.fetch {
  const dispatcher = new HttpClient().getAgentDispatcher(baseUrl);
  return ((input: Parameters<typeof undiciFetch>[0], init?: Parameters<typeof undiciFetch>[1]) =>
    undiciFetch(input, { ...init, dispatcher })) as unknown as typeof globalThis.fetch;
}
