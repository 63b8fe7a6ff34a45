export type Screen = 'connections' | 'connect' | 'orders' | 'activity' | 'settings';

const ITEMS: { screen: Screen; label: string }[] = [
  { screen: 'connections', label: 'Connections' },
  { screen: 'connect', label: 'Connect a store' },
  { screen: 'orders', label: 'Orders' },
  { screen: 'activity', label: 'Activity' },
  { screen: 'settings', label: 'Settings' },
];

export function Nav({ current, onGo }: { current: Screen; onGo(s: Screen): void }) {
  return (
    <nav aria-label="Main">
      <ul className="nav">
        {ITEMS.map((i) => (
          <li key={i.screen}>
            <button type="button" aria-current={current === i.screen ? 'page' : undefined} onClick={() => onGo(i.screen)}>
              {i.label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
