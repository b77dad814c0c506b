// The part of autocannon's programmatic API the bench uses (the package ships no types).
declare module 'autocannon' {
  type RawRequest = { method?: string; path?: string; headers?: Record<string, string>; body?: string };
  type Context = Record<string, unknown>;
  type Options = {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    timeout?: number;
    requests?: (RawRequest & {
      setupRequest?: (req: RawRequest, context: Context) => RawRequest;
      onResponse?: (status: number, body: string, context: Context, headers: Record<string, string>) => void;
    })[];
  };
  type Histogram = { average: number; mean: number; p50: number; p99: number; max: number };
  export type Result = {
    requests: Histogram & { total: number; sent: number };
    latency: Histogram;
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
    '3xx': number;
    '4xx': number;
    '5xx': number;
  };
  function autocannon(options: Options): Promise<Result> & { stop(): void; on(event: 'reqError', listener: (err: Error & { code?: string }) => void): void };
  export default autocannon;
}
