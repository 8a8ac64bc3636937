/** Browser mode opened without the token: say where to find the right URL. */
export function NoToken() {
  return (
    <main className="centered">
      <div className="panel narrow">
        <h1>Sleeve needs its access link</h1>
        <p>
          Open the address printed by <code>sleeve serve</code> in the terminal: it ends with <code>#token=…</code>. The
          token changes each time the server starts.
        </p>
      </div>
    </main>
  );
}
