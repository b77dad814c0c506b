/** An error meant for the person at the terminal: its message is printed as is, without a stack. */
export class CliError extends Error {}
