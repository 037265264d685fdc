// Placeholder home: the real screens (sign-in, the admin shell) replace it.
export default function HomePage() {
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", padding: "3rem" }}>
      <h1>SaltBitter Back Office</h1>
      <p>The administration screens are on their way.</p>
    </main>
  );
}
