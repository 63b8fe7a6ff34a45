/** Empty state: what Storelink does, and a one-click way to try it against the built-in demo store. */
export function FirstRun({ onDemo, onConnect, busy }: { onDemo: () => void; onConnect: () => void; busy: boolean }) {
  return (
    <section className="card first-run" aria-labelledby="first-run-title">
      <h2 id="first-run-title">Welcome to Storelink</h2>
      <p>
        Storelink connects your online stores and marketplaces from your own computer. It shows what each connection is allowed to do and until when, keeps
        access fresh automatically, and brings your orders together in one place.
      </p>
      <p>You sign in on the platform’s own page in your web browser. Keys are kept in your computer’s keychain; nothing goes through a Storelink server.</p>
      <p>Not ready to connect a real store? The demo store runs on this computer with sample orders.</p>
      <div className="button-row">
        <button type="button" className="primary" onClick={onDemo} disabled={busy}>
          {busy ? 'Starting the demo store…' : 'Try the demo store'}
        </button>
        <button type="button" onClick={onConnect}>
          Connect a store
        </button>
      </div>
    </section>
  );
}
