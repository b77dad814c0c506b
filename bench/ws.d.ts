// The part of ws the bench uses to read the Worker's heap through its inspector (the package ships no types).
declare module 'ws' {
  export default class WebSocket {
    constructor(url: string);
    once(event: 'open' | 'close', listener: () => void): this;
    once(event: 'error', listener: (err: Error) => void): this;
    on(event: 'message', listener: (data: Buffer) => void): this;
    send(data: string): void;
    close(): void;
  }
}
