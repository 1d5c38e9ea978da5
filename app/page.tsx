export default function HomePage() {
  return <main style={{ padding: 24 }}>Game-day console</main>;
}
